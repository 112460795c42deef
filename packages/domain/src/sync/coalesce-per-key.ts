import type { Semaphore } from './semaphore.js';

interface Flight<T> {
  readonly promise: Promise<T>;
  started: boolean;
}

interface KeyState<T> {
  current: Flight<T>;
  /** The run that starts once `current` settles; shared by everyone who asked meanwhile. */
  next?: { flight: Flight<T>; start: () => void };
}

/**
 * Single-flight per key: a run requested while one for the same key waits to start joins
 * it; one requested while a run is under way is answered by exactly one further run after
 * it (however many asked), so every caller is answered by a run that began after its request.
 * Runs of different keys go through `semaphore` (or the semaphore a function picks for the key).
 */
export function createKeyedCoalescer<T>(semaphore: Semaphore | ((key: string) => Semaphore)) {
  const semaphoreFor = typeof semaphore === 'function' ? semaphore : (): Semaphore => semaphore;
  const states = new Map<string, KeyState<T>>();

  const launch = (key: string, task: () => Promise<T>): { flight: Flight<T>; start: () => void } => {
    let start!: () => void;
    const gate = new Promise<void>((resolve) => (start = resolve));
    const flight: Flight<T> = {
      started: false,
      promise: gate.then(() =>
        semaphoreFor(key).run(() => {
          flight.started = true;
          return task();
        }),
      ),
    };
    const settle = (): void => {
      const state = states.get(key);
      if (state === undefined || state.current !== flight) return;
      if (state.next === undefined) {
        states.delete(key);
        return;
      }
      state.current = state.next.flight;
      const { start: startNext } = state.next;
      delete state.next;
      startNext();
    };
    flight.promise.then(settle, settle);
    return { flight, start };
  };

  return {
    /** Runs `task` for `key`, coalescing with runs already requested for it. */
    run(key: string, task: () => Promise<T>): Promise<T> {
      const state = states.get(key);
      if (state === undefined) {
        const launched = launch(key, task);
        states.set(key, { current: launched.flight });
        launched.start();
        return launched.flight.promise;
      }
      if (!state.current.started) return state.current.promise;
      state.next ??= launch(key, task);
      return state.next.flight.promise;
    },
    /** Settles (never rejects) once the runs pending or under way for `key` now have settled. */
    async settled(key: string): Promise<void> {
      const state = states.get(key);
      if (state === undefined) return;
      await Promise.allSettled([state.current.promise, ...(state.next === undefined ? [] : [state.next.flight.promise])]);
    },
    /** How many keys have a run pending or under way. */
    get size(): number {
      return states.size;
    },
  };
}

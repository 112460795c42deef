/** Runs at most `limit` tasks at once; the rest wait in arrival order. */
export interface Semaphore {
  run<T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly waiting: number;
}

/** Creates a {@link Semaphore} with the given limit (at least 1). */
export function createSemaphore(limit: number): Semaphore {
  const bound = Math.max(1, Math.floor(limit));
  const queue: Array<() => void> = [];
  let active = 0;
  // A finishing task hands its slot straight to the next waiter, so a newcomer arriving in
  // between cannot slip past the bound.
  const release = (): void => {
    const next = queue.shift();
    if (next === undefined) active -= 1;
    else next();
  };
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (active >= bound) await new Promise<void>((resolve) => queue.push(resolve));
      else active += 1;
      try {
        return await task();
      } finally {
        release();
      }
    },
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
  };
}

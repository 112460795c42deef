import type { Consumer } from '@platformatic/kafka';

/** How long one step of a shutdown may wait for a broker. */
export const STOP_STEP_TIMEOUT_MS = 10_000;

/** Resolves with `promise`'s value, or with `undefined` once `ms` have passed. */
export async function withTimeout<T>(promise: Promise<T> | undefined, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Leaves the group and closes the connections (forced: open streams are closed too); resolves with the error, if any. */
export function closeConsumer(consumer: Consumer): Promise<Error | undefined> {
  return new Promise((resolve) => consumer.close(true, (error) => resolve(error ?? undefined)));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** An error's message, for the log. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Delays between attempts at a message that failed for a transient reason. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
}

/** The default: 100 ms, doubling, at most 5 s between attempts. */
export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 100, maxMs: 5_000 };

/** The delay before attempt `attempt + 1` (attempt ≥ 1), with ±20 % jitter so consumers do not retry in step. */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(30, attempt - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}

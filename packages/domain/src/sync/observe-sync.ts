import type { SyncOutcome } from './commit-sync.js';

/**
 * One sync that read storage, as an outcome observer sees it once it has committed (or
 * failed): the hook for measurements (benchmark, metrics) without reading log lines.
 */
export type SyncObservation =
  | { readonly uri: string; readonly durationMs: number; readonly outcome: SyncOutcome }
  | { readonly uri: string; readonly durationMs: number; readonly error: unknown };

/** Told of every sync that read storage. */
export type OutcomeObserver = (observation: SyncObservation) => void;

/**
 * Runs one sync and tells `observer` how it went and how long it took. What the observer
 * throws is ignored: it measures, and must never turn a committed sync into a failure.
 */
export async function observeSync(uri: string, observer: OutcomeObserver | undefined, sync: () => Promise<SyncOutcome>): Promise<SyncOutcome> {
  if (observer === undefined) return sync();
  const started = Date.now();
  const tell = (observation: SyncObservation): void => {
    try {
      observer(observation);
    } catch {
      // see above
    }
  };
  try {
    const outcome = await sync();
    tell({ uri, durationMs: Date.now() - started, outcome });
    return outcome;
  } catch (error) {
    tell({ uri, durationMs: Date.now() - started, error });
    throw error;
  }
}

import type { SyncOutcome } from '../model/sync-outcome.js';
import { tellObserver, type SyncObserver } from '../ports/sync-observer.port.js';

/**
 * Runs one sync and tells `observer` that it started, then how it went and how long it took.
 * What the observer throws is ignored: it measures, and must never turn a committed sync into
 * a failure.
 */
export async function observeSync(uri: string, observer: SyncObserver | undefined, sync: () => Promise<SyncOutcome>): Promise<SyncOutcome> {
  if (observer === undefined) return sync();
  const started = Date.now();
  tellObserver(observer.onSyncStarted, uri);
  try {
    const outcome = await sync();
    tellObserver(observer.onOutcome, { uri, durationMs: Date.now() - started, outcome });
    return outcome;
  } catch (error) {
    tellObserver(observer.onOutcome, { uri, durationMs: Date.now() - started, error });
    throw error;
  }
}

import type { RecordOutcome, SyncOutcome } from '../model/sync-outcome.js';

/**
 * One sync that read storage, as an observer sees it once it has committed (or failed):
 * the hook for measurements (benchmark, metrics) without reading log lines.
 */
export type SyncObservation =
  | { readonly uri: string; readonly durationMs: number; readonly outcome: SyncOutcome }
  | { readonly uri: string; readonly durationMs: number; readonly error: unknown };

/** One record of a notification once applied, with the time storage gave its event. */
export interface ObservedRecord {
  readonly outcome: RecordOutcome;
  /** ISO 8601 event time from the notification, when it carried one. */
  readonly eventTime?: string;
}

/** How a notification request was answered. */
export interface ObservedNotification {
  /** Which family of notify routes received it. */
  readonly route: 'webhook' | 'elasticsearch';
  readonly status: number;
}

/** One HTTP request to object storage, retries counted one by one. */
export interface ObservedStorageRequest {
  /** The S3 operation: `GetObject`, `HeadObject`, `ListObjectsV2`, `HeadBucket`. */
  readonly operation: string;
  /** Bytes of the response body, as its `content-length` said (0 for HEAD). */
  readonly bytes: number;
}

/**
 * The one observer of the service's work: the synchronizer, the notification use case, the
 * notify routes and the storage reader tell it what they did. Every method is optional and
 * called synchronously; what it throws is ignored, an observer never changes the work.
 */
export interface SyncObserver {
  /** A sync of the dataset `uri` took its slot and starts reading storage. */
  readonly onSyncStarted?: (uri: string) => void;
  /** A sync that read storage committed or failed. */
  readonly onOutcome?: (observation: SyncObservation) => void;
  /** A notification's records were applied (each record's outcome, in order). */
  readonly onRecords?: (records: readonly ObservedRecord[]) => void;
  /** A notify route answered a notification. */
  readonly onNotification?: (notification: ObservedNotification) => void;
  /** The storage reader sent one request. */
  readonly onStorageRequest?: (request: ObservedStorageRequest) => void;
}

/** Calls one observer method, ignoring what it throws: a measurement must never fail the work. */
export function tellObserver<T>(method: ((value: T) => void) | undefined, value: T): void {
  if (method === undefined) return;
  try {
    method(value);
  } catch {
    // An observer measures; it must never turn the work it watches into a failure.
  }
}

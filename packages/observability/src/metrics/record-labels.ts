import type { RecordOutcome, SyncObservation } from '@dtool-notify/domain';

/** The `outcome` label of a finished sync: its outcome, or `failed`. */
export function syncOutcomeLabel(observation: SyncObservation): string {
  return 'outcome' in observation ? observation.outcome.outcome : 'failed';
}

/**
 * The `failure_class` label of a record: the failure's code for `failed` records, empty (no
 * label) otherwise. Codes are a closed union, so the label stays bounded.
 */
export function failureClassLabel(outcome: RecordOutcome): string {
  return outcome.outcome === 'failed' ? outcome.code : '';
}

/** The base URI (bucket) of a dataset URI `<base URI>/<uuid>`: bounded by the configured buckets. */
export function baseUriOf(datasetUri: string): string {
  return datasetUri.slice(0, datasetUri.lastIndexOf('/'));
}

/** Seconds from an ISO 8601 event time to `now`, or `undefined` when the time is absent or unreadable. */
export function secondsSince(eventTime: string | undefined, now: number): number | undefined {
  if (eventTime === undefined) return undefined;
  const at = Date.parse(eventTime);
  // A sender's clock may run ahead of ours: a negative latency says nothing, it is left out.
  return Number.isFinite(at) && at <= now ? (now - at) / 1000 : undefined;
}

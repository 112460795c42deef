import { isContentFailure, type NotificationRecord, type RecordOutcome } from '@dtool-notify/domain';

/** One record of a notification as the sender is told about it. */
export interface ReportedRecord {
  readonly outcome: RecordOutcome['outcome'];
  readonly key?: string;
  readonly uri?: string;
  readonly reason?: string;
}

/** How many records led to each outcome. */
export interface NotificationSummary {
  readonly indexed: number;
  readonly deleted: number;
  readonly ignored: number;
  readonly notADataset: number;
  /** Records the index already showed (or whose dataset is not indexed yet): no read needed. */
  readonly unchanged: number;
  readonly failed: number;
}

/** The JSON body answering a notification. */
export interface NotificationReport {
  readonly records: readonly ReportedRecord[];
  readonly summary: NotificationSummary;
  /** Why a valid message needed no work (an endpoint test, `s3:TestEvent`). */
  readonly acknowledged?: string;
}

/** The report of a notification that carried no records. */
export function acknowledgedReport(reason: string): NotificationReport {
  return { records: [], summary: summarize([]), acknowledged: reason };
}

/**
 * Reports each record's outcome. A failure of the dataset's content is reported with its
 * reason (it names the dataset's objects and the limit) and that the index entry is left as
 * it was; any other failure only by its class: its message comes from a backend and may name
 * hosts, so it goes to the log only.
 */
export function reportRecords(outcomes: readonly RecordOutcome[]): NotificationReport {
  const records = outcomes.map((outcome): ReportedRecord => {
    switch (outcome.outcome) {
      case 'indexed':
      case 'deleted':
        return { outcome: outcome.outcome, key: outcome.key, uri: outcome.uri };
      case 'not-a-dataset':
      case 'unchanged':
        return { outcome: outcome.outcome, key: outcome.key, uri: outcome.uri, reason: outcome.reason };
      case 'ignored':
        return outcome.key === undefined ? { outcome: 'ignored', reason: outcome.reason } : { outcome: 'ignored', key: outcome.key, reason: outcome.reason };
      case 'failed':
        return {
          outcome: 'failed',
          key: outcome.key,
          uri: outcome.uri,
          reason: failureReason(outcome),
        };
    }
  });
  return { records, summary: summarize(outcomes) };
}

function failureReason(outcome: Extract<RecordOutcome, { outcome: 'failed' }>): string {
  if (outcome.code === 'retryable') return 'the index or the storage is unavailable for now';
  if (isContentFailure(outcome.code)) return `${outcome.reason}; the index entry is left as it was`;
  return `the dataset could not be synced (${outcome.code}); the index entry is left as it was`;
}

function summarize(outcomes: readonly RecordOutcome[]): NotificationSummary {
  const count = (kind: RecordOutcome['outcome']): number => outcomes.filter((outcome) => outcome.outcome === kind).length;
  return {
    indexed: count('indexed'),
    deleted: count('deleted'),
    ignored: count('ignored'),
    notADataset: count('not-a-dataset'),
    unchanged: count('unchanged'),
    failed: count('failed'),
  };
}

/** The bucket a record names, for the log. */
export function bucketOf(record: NotificationRecord | undefined): string | undefined {
  if (record === undefined) return undefined;
  return record.type === 'event' ? record.event.bucket : record.ignored.bucket;
}

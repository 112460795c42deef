import { asNotifyError, DtoolNotifyError } from '../model/errors.js';
import type { PartChange } from '../model/dataset-fingerprint.js';
import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { NotificationRecord } from '../model/object-event.js';
import { tellObserver, type ObservedRecord, type SyncObserver } from '../ports/sync-observer.port.js';
import { decideObjectEvent, type BaseUriOf, type Decision } from './decide-object-event.js';
import type { RecordOutcome, SyncOutcome } from '../model/sync-outcome.js';
import type { Synchronizer } from './synchronizer.js';

/** The outcome of a whole notification. */
export interface NotificationOutcome {
  readonly records: readonly RecordOutcome[];
  /** True when a record failed for a transient reason: the sender should retry the notification. */
  readonly retry: boolean;
}

/**
 * Applies a parsed notification: decides each record, runs one sync per dataset named in
 * it (concurrently across datasets) and reports every record's outcome. Never throws: port
 * failures become `failed` records, and `retry` says whether any of them was transient (a
 * backend's). A failure of the content, or a bug (`internal`), is not: the same notification
 * would fail the same way, and a sender that retries in order would be blocked for good.
 * The observer is told every record's outcome with its event time.
 */
export async function handleNotification(
  records: readonly NotificationRecord[],
  synchronizer: Synchronizer,
  baseUriOf: BaseUriOf,
  observer?: SyncObserver,
): Promise<NotificationOutcome> {
  const decisions: Decision[] = records.map((record) =>
    record.type === 'ignored' ? { action: 'ignore', reason: record.ignored.reason } : decideObjectEvent(record.event, baseUriOf),
  );
  // Most notifications need no sync at all (reads, data items): answered without a promise per record.
  const outcomes = decisions.every(isIgnore)
    ? decisions.map((decision, position) => ignoredOutcome(records[position], decision.reason))
    : await applyDecisions(decisions, records, synchronizer);
  tellObserver(observer?.onRecords, outcomes.map((outcome, position) => observedRecord(outcome, records[position])));
  return { records: outcomes, retry: outcomes.some((outcome) => outcome.outcome === 'failed' && outcome.code === 'retryable') };
}

type IgnoreDecision = Extract<Decision, { action: 'ignore' }>;

function isIgnore(decision: Decision): decision is IgnoreDecision {
  return decision.action === 'ignore';
}

/** Runs one sync per dataset the decisions name (with all of its changes) and tells each record's outcome. */
async function applyDecisions(decisions: readonly Decision[], records: readonly NotificationRecord[], synchronizer: Synchronizer): Promise<RecordOutcome[]> {
  // One application per dataset named in the notification, with all of its changes.
  const changesByDataset = new Map<string, { location: DatasetLocation; changes: PartChange[] }>();
  for (const decision of decisions) {
    if (decision.action !== 'sync') continue;
    const uri = datasetUri(decision.location);
    const entry = changesByDataset.get(uri) ?? { location: decision.location, changes: [] };
    entry.changes.push(decision.change);
    changesByDataset.set(uri, entry);
  }
  const syncs = new Map<string, Promise<SyncOutcome | DtoolNotifyError>>();
  for (const [uri, { location, changes }] of changesByDataset) {
    // Through a promise chain, so a synchronous throw (a bug) is classed like a rejection.
    syncs.set(uri, Promise.resolve().then(() => synchronizer.applyChanges(location, changes)).catch(asNotifyError));
  }
  return Promise.all(
    decisions.map(async (decision, position): Promise<RecordOutcome> => {
      const record = records[position];
      if (decision.action === 'ignore') return ignoredOutcome(record, decision.reason);
      const key = keyOf(record) ?? '';
      const uri = datasetUri(decision.location);
      const result = await (syncs.get(uri) as Promise<SyncOutcome | DtoolNotifyError>);
      if (result instanceof DtoolNotifyError) return { outcome: 'failed', key, uri, code: result.code, reason: result.message };
      return result.outcome === 'not-a-dataset' || result.outcome === 'unchanged'
        ? { outcome: result.outcome, key, uri, reason: result.reason }
        : { outcome: result.outcome, key, uri };
    }),
  );
}

function ignoredOutcome(record: NotificationRecord | undefined, reason: string): RecordOutcome {
  const key = keyOf(record);
  return key === undefined ? { outcome: 'ignored', reason } : { outcome: 'ignored', key, reason };
}

function observedRecord(outcome: RecordOutcome, record: NotificationRecord | undefined): ObservedRecord {
  const eventTime = record?.type === 'event' ? record.event.eventTime : undefined;
  return eventTime === undefined ? { outcome } : { outcome, eventTime };
}

function keyOf(record: NotificationRecord | undefined): string | undefined {
  if (record === undefined) return undefined;
  return record.type === 'event' ? record.event.key : record.ignored.key;
}

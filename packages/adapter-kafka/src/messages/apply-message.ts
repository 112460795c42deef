import {
  handleNotification,
  parseWebhookBody,
  type BaseUriOf,
  type NotificationLimits,
  type RecordOutcome,
  type Synchronizer,
  type SyncObserver,
} from '@dtool-notify/domain';

/** What became of one Kafka message. */
export type MessageVerdict =
  /** Every record was applied (or needed nothing): the offset may move past it. */
  | { readonly kind: 'done'; readonly records: readonly RecordOutcome[] }
  /** The index or the storage is unavailable: apply the same message again later. */
  | { readonly kind: 'retry'; readonly records: readonly RecordOutcome[] }
  /** The message, or a dataset it names, can never be applied: record it and move on. */
  | { readonly kind: 'permanent'; readonly reason: string; readonly records: readonly RecordOutcome[] };

/** What applying a message needs: the same use case and parser the HTTP routes use. */
export interface ApplyMessageDependencies {
  readonly synchronizer: Synchronizer;
  readonly baseUriOf: BaseUriOf;
  readonly limits?: NotificationLimits;
  /** Told the records' outcomes (the service's one observer). */
  readonly observer?: SyncObserver;
}

/**
 * Applies one message's value. MinIO (`{EventName, Key, Records}`), StorageGRID and Ceph
 * publish S3 event JSON, which is what the webhook parser reads from a JSON body, so the
 * message is handed to it as one.
 */
export async function applyMessage(value: Buffer | undefined, dependencies: ApplyMessageDependencies): Promise<MessageVerdict> {
  if (value === undefined || value.length === 0) return { kind: 'permanent', reason: 'the message has no value', records: [] };
  const parsed = parseWebhookBody({ contentType: 'application/json', body: value.toString('utf8') }, dependencies.limits);
  switch (parsed.kind) {
    case 'rejected':
      return { kind: 'permanent', reason: parsed.reason, records: [] };
    case 'subscription-confirmation':
      return { kind: 'permanent', reason: 'an SNS subscription confirmation cannot arrive through Kafka', records: [] };
    case 'acknowledged':
      return { kind: 'done', records: [] };
    case 'records':
      break;
  }
  const outcome = await handleNotification(parsed.records, dependencies.synchronizer, dependencies.baseUriOf, dependencies.observer);
  if (outcome.retry) return { kind: 'retry', records: outcome.records };
  const failures = outcome.records.flatMap((record) => (record.outcome === 'failed' ? [`${record.uri}: ${record.reason}`] : []));
  if (failures.length > 0) return { kind: 'permanent', reason: failures.join('; '), records: outcome.records };
  return { kind: 'done', records: outcome.records };
}

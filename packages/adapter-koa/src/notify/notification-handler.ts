import { performance } from 'node:perf_hooks';
import {
  handleNotification,
  type BaseUriOf,
  type Logger,
  type NotificationRecord,
  type ParseResult,
  type SubscriptionConfirmation,
  type Synchronizer,
  type SyncObserver,
} from '@dtool-notify/domain';
import { HttpError } from '../http/http-error.js';
import { isAwsSnsUrl, type ConfirmSubscription } from './confirm-subscription.js';
import { acknowledgedReport, bucketOf, reportRecords, type NotificationReport } from './notification-report.js';

/** What turning a parsed notification into index work needs. */
export interface NotificationDependencies {
  readonly synchronizer: Synchronizer;
  readonly baseUriOf: BaseUriOf;
  readonly logger: Logger;
  readonly allowedTopicArns: readonly string[];
  readonly confirmSubscription: ConfirmSubscription;
  /** Told every record's outcome. */
  readonly observer?: SyncObserver;
}

/** Applies parse results to the index and reports them; failures the sender must know about are thrown as `HttpError`s. */
export interface NotificationHandler {
  /** Rejected → 400/415, acknowledged → empty report, SNS confirmation → confirmed or 403, records → applied. */
  handle(result: ParseResult): Promise<NotificationReport>;
  /** Applies records; throws 503 (with the report in the body) when any failed for a transient reason. */
  apply(records: readonly NotificationRecord[]): Promise<NotificationReport>;
}

/** Creates the bridge between the HTTP routes and the domain's notification use case. */
export function createNotificationHandler(dependencies: NotificationDependencies): NotificationHandler {
  const { logger } = dependencies;

  const apply = async (records: readonly NotificationRecord[]): Promise<NotificationReport> => {
    const started = performance.now();
    const outcome = await handleNotification(records, dependencies.synchronizer, dependencies.baseUriOf, dependencies.observer);
    const durationMs = Math.round(performance.now() - started);
    outcome.records.forEach((record, position) => {
      const fields = {
        event: 'record',
        bucket: bucketOf(records[position]),
        key: record.key,
        uri: 'uri' in record ? record.uri : undefined,
        outcome: record.outcome,
        reason: 'reason' in record ? record.reason : undefined,
        durationMs,
      };
      if (record.outcome === 'ignored') logger.debug(fields, 'record ignored');
      // A bug of ours deserves an alarm; a backend outage or a dataset's bad content a warning.
      else if (record.outcome === 'failed' && record.code === 'internal') logger.error({ ...fields, code: record.code }, 'record failed');
      else if (record.outcome === 'failed') logger.warn({ ...fields, code: record.code }, 'record failed');
      else logger.info(fields, `record ${record.outcome}`);
    });
    const report = reportRecords(outcome.records);
    if (outcome.retry) {
      throw new HttpError('unavailable', 'the index or the storage is unavailable; retry this notification later', { body: { ...report } });
    }
    return report;
  };

  const confirm = async (confirmation: SubscriptionConfirmation): Promise<NotificationReport> => {
    const fields = { event: 'sns-subscription', topicArn: confirmation.topicArn };
    if (!dependencies.allowedTopicArns.includes(confirmation.topicArn)) {
      logger.warn(fields, 'SNS subscription refused: topic not allowed');
      throw new HttpError('forbidden', `subscriptions to SNS topic ${confirmation.topicArn} are not allowed here`);
    }
    if (!isAwsSnsUrl(confirmation.subscribeUrl)) {
      throw new HttpError('malformed', 'the SubscribeURL is not an AWS SNS https URL (https://sns.<region>.amazonaws.com/...)');
    }
    try {
      await dependencies.confirmSubscription(confirmation.subscribeUrl);
    } catch (error) {
      logger.error({ ...fields, error: error instanceof Error ? error.message : String(error) }, 'SNS subscription confirmation failed');
      throw new HttpError('unavailable', 'the subscription could not be confirmed with AWS SNS now; retry later');
    }
    logger.info(fields, 'SNS subscription confirmed');
    return acknowledgedReport(`subscription to SNS topic ${confirmation.topicArn} confirmed`);
  };

  return {
    apply,
    async handle(result) {
      switch (result.kind) {
        case 'rejected':
          throw new HttpError(result.unsupportedMediaType === true ? 'unsupported-media-type' : 'malformed', result.reason);
        case 'acknowledged':
          return acknowledgedReport(result.reason);
        case 'subscription-confirmation':
          return confirm(result);
        case 'records':
          return apply(result.records);
      }
    },
  };
}

import { reject, type ParseResult, type Rejected } from '../../model/parse-result.js';
import { parseJsonText } from '../encoding/parse-json-text.js';
import type { NotificationLimits } from '../notification-limits.js';
import { quote } from '../quote.js';
import { parseS3EventNotification } from '../s3-event/parse-s3-event-notification.js';
import { parseSnsForm } from '../sns/parse-sns-form.js';
import { parseSnsJson } from '../sns/parse-sns-json.js';
import { classifyMediaType } from './classify-media-type.js';

/** A POST to the webhook as the HTTP layer received it: the body already decoded to text. */
export interface WebhookRequest {
  readonly contentType: string | undefined;
  readonly body: string;
}

/**
 * The one entry point for `POST /webhook/notify`: reads a form body as StorageGRID's SNS
 * Publish, any JSON body as an SNS message (`Type` + `TopicArn`), an S3 event notification
 * (`Records`) or an `s3:TestEvent`. Other media types are rejected with
 * `unsupportedMediaType` set (HTTP 415); JSON nested deeper than `limits.maxDepth` is
 * rejected before it is parsed. Never throws.
 */
export function parseWebhookBody(request: WebhookRequest, limits: NotificationLimits = {}): ParseResult {
  const format = classifyMediaType(request.contentType);
  if (format === 'form') return parseSnsForm(request.body, limits);
  if (format === 'unsupported') return unsupportedMediaType(request.contentType ?? '');
  return parseNotificationJson(request.body, limits);
}

/**
 * What {@link parseWebhookBody} does with a JSON body, for JSON text that comes with no media
 * type (a Kafka message's value): an SNS message, an S3 event notification or an
 * `s3:TestEvent`. Never throws.
 */
export function parseNotificationJson(text: string, limits: NotificationLimits = {}): ParseResult {
  const json = parseJsonText(text, limits.maxDepth);
  if (!json.ok) return reject(`the body ${json.reason}`);
  return readJsonNotification(json.value, limits);
}

function readJsonNotification(value: unknown, limits: NotificationLimits): ParseResult {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (Object.hasOwn(value, 'Type') && Object.hasOwn(value, 'TopicArn')) return parseSnsJson(value, limits);
    if (Object.hasOwn(value, 'Records')) return parseS3EventNotification(value, 's3-event', limits);
    if ('Event' in value && value.Event === 's3:TestEvent') return parseS3EventNotification(value, 's3-event', limits);
  }
  return reject('the body is neither an S3 event notification ("Records"), an s3:TestEvent nor an SNS message ("Type", "TopicArn")');
}

function unsupportedMediaType(contentType: string): Rejected {
  return {
    kind: 'rejected',
    reason: `content type ${quote(contentType, 100)} is not supported; send application/json or application/x-www-form-urlencoded`,
    unsupportedMediaType: true,
  };
}

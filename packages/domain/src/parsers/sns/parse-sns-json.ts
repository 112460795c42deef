import * as v from 'valibot';
import { reject, type ParseResult } from '../../model/parse-result.js';
import { parseJsonText } from '../encoding/parse-json-text.js';
import type { NotificationLimits } from '../notification-limits.js';
import { describeIssues } from '../parsed.js';
import { quote } from '../quote.js';
import { objectIssueMessage } from '../schema-messages.js';
import { parseS3EventNotification } from '../s3-event/parse-s3-event-notification.js';

const text = v.string('must be a string');

const envelopeSchema = v.looseObject(
  { Type: text, TopicArn: text },
  objectIssueMessage('must be an object with "Type" and "TopicArn"'),
);

const notificationSchema = v.looseObject({ Message: text }, objectIssueMessage());

const subscriptionSchema = v.looseObject(
  {
    // The HTTP layer fetches this URL to confirm: never anything but an https URL.
    SubscribeURL: v.pipe(text, v.url('must be a URL'), v.startsWith('https://', 'must be an https URL')),
    Token: v.pipe(text, v.nonEmpty('must not be empty')),
  },
  objectIssueMessage(),
);

/**
 * Parses a JSON message AWS SNS posts to an HTTP(S) subscription: a `Notification` carries
 * an S3 event notification as JSON text in `Message` (whose `s3:TestEvent` is acknowledged);
 * a `SubscriptionConfirmation` is handed to the HTTP layer to confirm or refuse; an
 * `UnsubscribeConfirmation` is acknowledged. Any other type, or a `Notification` whose
 * Message is not JSON, is rejected. Never throws.
 */
export function parseSnsJson(json: unknown, limits: NotificationLimits = {}): ParseResult {
  const envelope = v.safeParse(envelopeSchema, json);
  if (!envelope.success) return reject(`the SNS message ${describeIssues(envelope.issues)}`);
  const { Type: type, TopicArn: topicArn } = envelope.output;
  switch (type) {
    case 'Notification': {
      const notification = v.safeParse(notificationSchema, json);
      if (!notification.success) return reject(`the SNS notification ${describeIssues(notification.issues)}`);
      const message = parseJsonText(notification.output.Message, limits.maxDepth);
      if (!message.ok) return reject(`the SNS notification's Message ${message.reason}`);
      return parseS3EventNotification(message.value, 'sns-json', limits);
    }
    case 'SubscriptionConfirmation': {
      const confirmation = v.safeParse(subscriptionSchema, json);
      if (!confirmation.success) return reject(`the SNS subscription confirmation ${describeIssues(confirmation.issues)}`);
      const { SubscribeURL: subscribeUrl, Token: token } = confirmation.output;
      return { kind: 'subscription-confirmation', topicArn, subscribeUrl, token };
    }
    case 'UnsubscribeConfirmation':
      return { kind: 'acknowledged', reason: `unsubscribed from SNS topic ${quote(topicArn)}` };
    default:
      return reject(`SNS message type ${quote(type)} is not supported (Notification, SubscriptionConfirmation, UnsubscribeConfirmation)`);
  }
}

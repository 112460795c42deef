import { reject, type ParseResult } from '../../model/parse-result.js';
import { parseFormBody, type FormFields } from '../encoding/parse-form-body.js';
import { parseJsonText } from '../encoding/parse-json-text.js';
import type { NotificationLimits } from '../notification-limits.js';
import type { Parsed } from '../parsed.js';
import { quote } from '../quote.js';
import { parseS3EventNotification } from '../s3-event/parse-s3-event-notification.js';

/**
 * Parses the form StorageGRID posts to an SNS endpoint
 * (`Action=Publish&Message=<S3 event JSON>&TopicArn=...&Version=2010-03-31`). A Message
 * that is not JSON is StorageGRID's endpoint test (`StorageGRID Test Message`) and is
 * acknowledged; any other Action, or a field given twice, is rejected. Never throws.
 */
export function parseSnsForm(body: string, limits: NotificationLimits = {}): ParseResult {
  const form = parseFormBody(body);
  if (!form.ok) return reject(`the SNS form is malformed: ${form.reason}`);
  const action = singleField(form.value, 'Action');
  if (!action.ok) return reject(action.reason);
  if (action.value === undefined) return reject('the SNS form has no Action field (StorageGRID sends Action=Publish)');
  if (action.value !== 'Publish') return reject(`the SNS form's Action ${quote(action.value)} is not supported; only Publish is`);
  const message = singleField(form.value, 'Message');
  if (!message.ok) return reject(message.reason);
  if (message.value === undefined) return reject('the SNS Publish form has no Message field');
  const json = parseJsonText(message.value, limits.maxDepth);
  if (json.ok) return parseS3EventNotification(json.value, 'sns-form', limits);
  if (json.problem === 'depth') return reject(`the SNS form's Message ${json.reason}`);
  return { kind: 'acknowledged', reason: `the message ${quote(message.value, 80)} is not JSON: an endpoint test` };
}

function singleField(fields: FormFields, name: string): Parsed<string | undefined> {
  const values = fields.get(name) ?? [];
  if (values.length > 1) return { ok: false, reason: `the SNS form gives the ${name} field ${values.length} times` };
  return { ok: true, value: values[0] };
}

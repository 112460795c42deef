import * as v from 'valibot';
import type { NotificationRecord, NotificationSource, ObjectEvent } from '../../model/object-event.js';
import { reject, type ParseResult } from '../../model/parse-result.js';
import { decodeFormComponent } from '../encoding/decode-component.js';
import { DEFAULT_NOTIFICATION_LIMITS, type NotificationLimits } from '../notification-limits.js';
import { describeIssues, type Parsed } from '../parsed.js';
import { quote } from '../quote.js';
import { classifyEventName } from './classify-event-name.js';
import { s3EventNotificationSchema, s3EventRecordSchema, s3TestEventSchema } from './s3-event-schema.js';

/**
 * Parses an S3 event notification `{"Records": [...]}` (AWS S3, MinIO, Ceph, StorageGRID)
 * into one record per input record, in order. Object keys are decoded as S3 encodes them
 * (`+` is a space, then percent-escapes). The whole notification is rejected when a record
 * is malformed or a key has a malformed escape (no sender writes one, so the payload is
 * broken and processing half of it would hide that), or when it holds more than
 * `limits.maxRecords` records. `s3:TestEvent` and an empty `Records` array are acknowledged.
 * Never throws.
 */
export function parseS3EventNotification(
  json: unknown,
  source: NotificationSource = 's3-event',
  limits: NotificationLimits = {},
): ParseResult {
  const notification = v.safeParse(s3EventNotificationSchema, json);
  if (!notification.success) {
    const testEvent = v.safeParse(s3TestEventSchema, json);
    if (testEvent.success) return acknowledgeTestEvent(testEvent.output.Bucket);
    return reject(`the S3 event notification ${describeIssues(notification.issues)}`);
  }
  const { Records: records } = notification.output;
  if (records.length === 0) return { kind: 'acknowledged', reason: 'the notification holds no records' };
  const maxRecords = limits.maxRecords ?? DEFAULT_NOTIFICATION_LIMITS.maxRecords;
  if (records.length > maxRecords) {
    return reject(`the notification holds ${records.length} records; at most ${maxRecords} are accepted in one notification`);
  }
  const parsed: NotificationRecord[] = [];
  for (const [index, record] of records.entries()) {
    const result = parseRecord(record, index, source);
    if (!result.ok) return reject(result.reason);
    parsed.push(result.value);
  }
  return { kind: 'records', records: parsed };
}

function parseRecord(input: unknown, index: number, source: NotificationSource): Parsed<NotificationRecord> {
  const ignored = readIgnoredRecord(input, index);
  if (ignored !== undefined) return ignored;
  const result = v.safeParse(s3EventRecordSchema, input);
  if (!result.success) return { ok: false, reason: `Records[${index}] ${describeIssues(result.issues)}` };
  const { eventName, eventTime, s3 } = result.output;
  const bucket = s3.bucket.name;
  const key = decodeFormComponent(s3.object.key);
  if (key === undefined) return malformedKey(s3.object.key, index);
  const classified = classifyEventName(eventName);
  if (classified.kind === 'ignored') {
    return { ok: true, value: { type: 'ignored', ignored: { reason: classified.reason, eventName, bucket, key } } };
  }
  if (key === '') {
    return { ok: true, value: { type: 'ignored', ignored: { reason: 'the record names no object key', eventName, bucket } } };
  }
  const sequencer = s3.object.sequencer;
  const eTag = typeof s3.object.eTag === 'string' ? unquoteETag(s3.object.eTag) : '';
  const event: ObjectEvent = {
    kind: classified.kind,
    bucket,
    key,
    source,
    // An empty sequencer or time (MinIO writes "" where it has none) carries nothing.
    ...(sequencer === undefined || sequencer === '' ? {} : { sequencer }),
    ...(eventTime === undefined || eventTime === '' ? {} : { eventTime }),
    ...(eTag === '' || classified.kind === 'removed' ? {} : { eTag }),
  };
  return { ok: true, value: { type: 'event', event } };
}

/**
 * A record whose event the index ignores (an access, a restore, ...) is read no further than
 * its name, bucket and key, so the fields only a write or a removal needs (time, sequencer,
 * ETag) go unchecked: validating them was most of what a flood of access events cost after
 * `JSON.parse`. `undefined` for any other record, and for one whose bucket or key cannot be
 * read: the schema then rejects it and says why.
 */
function readIgnoredRecord(input: unknown, index: number): Parsed<NotificationRecord> | undefined {
  const eventName = field(input, 'eventName');
  if (typeof eventName !== 'string') return undefined;
  const classified = classifyEventName(eventName);
  if (classified.kind !== 'ignored') return undefined;
  const s3 = field(input, 's3');
  const bucket = field(field(s3, 'bucket'), 'name');
  const encodedKey = field(field(s3, 'object'), 'key');
  if (typeof bucket !== 'string' || bucket === '' || typeof encodedKey !== 'string') return undefined;
  const key = decodeFormComponent(encodedKey);
  if (key === undefined) return malformedKey(encodedKey, index);
  return { ok: true, value: { type: 'ignored', ignored: { reason: classified.reason, eventName, bucket, key } } };
}

/** A property as the schema reads it (`key in value`, inherited ones too); `undefined` when `value` is no object. */
function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function malformedKey(key: string, index: number): Parsed<never> {
  return { ok: false, reason: `Records[${index}]: object key ${quote(key)} has a malformed percent-escape` };
}

function acknowledgeTestEvent(bucket: unknown): ParseResult {
  const where = typeof bucket === 'string' ? ` for bucket ${quote(bucket)}` : '';
  return { kind: 'acknowledged', reason: `s3:TestEvent${where}: notifications are configured` };
}

/** ETags are quoted in HTTP headers and sometimes in events; they are compared unquoted. */
export function unquoteETag(eTag: string): string {
  return eTag.replace(/^"(.*)"$/, '$1');
}

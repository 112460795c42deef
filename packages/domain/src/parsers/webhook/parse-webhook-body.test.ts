import { describe, expect, test } from 'vitest';
import { MINIO_COPY_RECORDS, MINIO_DELETE_RECORDS, minioRecord } from '../../../test/expected-fixture-records.js';
import { readFixtureLines, readFixtureText } from '../../../test/read-fixture.js';
import { parseNotificationJson, parseWebhookBody } from './parse-webhook-body.js';

const json = (body: string) => ({ contentType: 'application/json', body });

describe('parseWebhookBody on every captured payload', () => {
  test.each([
    ['minio/webhook-copy-dataset.jsonl', MINIO_COPY_RECORDS],
    ['minio/webhook-delete-two-datasets.jsonl', MINIO_DELETE_RECORDS],
    ['minio/es-namespace-copy-dataset.jsonl', MINIO_COPY_RECORDS],
  ] as const)('reads each body of %s as an S3 event notification', (path, expected) => {
    const results = readFixtureLines(path).map((line) => parseWebhookBody(json(line)));
    expect(results).toEqual(expected.map((record) => ({ kind: 'records', records: [minioRecord(record, 's3-event')] })));
  });

  test('ignores every MinIO read-only event', () => {
    for (const line of readFixtureLines('minio/webhook-access-events.jsonl')) {
      const result = parseWebhookBody(json(line));
      expect(result.kind === 'records' && result.records.map((record) => record.type)).toEqual(['ignored']);
    }
  });

  test('reads the AWS S3 event and acknowledges the s3:TestEvent', () => {
    const event = parseWebhookBody(json(readFixtureText('aws/s3-event-object-created.json')));
    expect(event).toMatchObject({ records: [{ event: { key: 'projects/alpha beta/7b1a2c9e-4f0d-4c55-9b1e-2d8f3a6c0e11/dtool' } }] });
    expect(parseWebhookBody(json(readFixtureText('aws/s3-test-event.json'))).kind).toBe('acknowledged');
  });

  test('reads AWS SNS messages sent as text/plain', () => {
    const plain = (path: string) => parseWebhookBody({ contentType: 'text/plain; charset=UTF-8', body: readFixtureText(path) });
    expect(plain('aws/sns-notification-envelope.json')).toMatchObject({ kind: 'records', records: [{ event: { source: 'sns-json' } }] });
    expect(plain('aws/sns-subscription-confirmation.json').kind).toBe('subscription-confirmation');
  });

  test('reads StorageGRID form posts', () => {
    const posted = (path: string) =>
      parseWebhookBody({ contentType: 'application/x-www-form-urlencoded; charset=utf-8', body: readFixtureText(path) });
    expect(posted('storagegrid/sns-form-object-created.txt')).toMatchObject({ records: [{ event: { kind: 'created', source: 'sns-form' } }] });
    expect(posted('storagegrid/sns-form-object-removed.txt')).toMatchObject({ records: [{ event: { kind: 'removed', source: 'sns-form' } }] });
    expect(posted('storagegrid/sns-form-endpoint-test.txt').kind).toBe('acknowledged');
  });
});

describe('parseWebhookBody', () => {
  test.each(['multipart/form-data; boundary=x', 'application/xml', 'image/png'])('rejects %s as an unsupported media type', (contentType) => {
    expect(parseWebhookBody({ contentType, body: '{"Records": []}' })).toEqual({
      kind: 'rejected',
      reason: expect.stringContaining(JSON.stringify(contentType)),
      unsupportedMediaType: true,
    });
  });

  test.each([undefined, 'application/json', 'application/cloudevents+json', 'text/plain'])('reads JSON sent as %s', (contentType) => {
    expect(parseWebhookBody({ contentType, body: '{"Records": []}' }).kind).toBe('acknowledged');
  });

  test('rejects invalid JSON with the parser error, and not as a media-type problem', () => {
    const result = parseWebhookBody(json('{"Records": ['));
    expect(result).toEqual({ kind: 'rejected', reason: expect.stringMatching(/^the body is not valid JSON \(.+\)$/) });
    expect(result).not.toHaveProperty('unsupportedMediaType');
  });

  test.each([
    ['an empty body', ''],
    ['an array', '[{"Records": []}]'],
    ['a string', '"Records"'],
    ['null', 'null'],
    ['an unrelated object', '{"hello": "world"}'],
    ['an Event that is no test event', '{"Event": "s3:Other"}'],
    ['a Type without TopicArn', '{"Type": "Notification", "Message": "{}"}'],
  ])('rejects %s', (_, body) => {
    expect(parseWebhookBody(json(body))).toEqual({ kind: 'rejected', reason: expect.any(String) });
  });

  test('prefers the SNS reading when a body has Type, TopicArn and Records', () => {
    const body = JSON.stringify({ Type: 'UnsubscribeConfirmation', TopicArn: 'arn', Records: [] });
    expect(parseWebhookBody(json(body))).toEqual({ kind: 'acknowledged', reason: 'unsubscribed from SNS topic "arn"' });
  });

  test('accepts JSON nested exactly to the limit and rejects one level more, without throwing', () => {
    const nested = (levels: number) => `{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"}, "object": {"key": "k"}}, "x": ${'['.repeat(levels)}${']'.repeat(levels)}}]}`;
    expect(parseWebhookBody(json(nested(61))).kind).toBe('records');
    expect(parseWebhookBody(json(nested(62)))).toEqual({ kind: 'rejected', reason: 'the body is nested deeper than 64 levels' });
    expect(parseWebhookBody(json(nested(3)), { maxDepth: 5 }).kind).toBe('rejected');
  });

  test('rejects hostile nesting a million levels deep', () => {
    const body = `${'{"a":'.repeat(1_000_000)}1${'}'.repeat(1_000_000)}`;
    expect(parseWebhookBody(json(body))).toEqual({ kind: 'rejected', reason: 'the body is nested deeper than 64 levels' });
  });

  test('counts brackets inside strings as text, not nesting', () => {
    const key = `${'['.repeat(100)}\\"{{`;
    const body = `{"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b"}, "object": {"key": "${key}"}}}]}`;
    expect(parseWebhookBody(json(body))).toMatchObject({ records: [{ event: { key: `${'['.repeat(100)}"{{` } }] });
  });

  test('passes its record limit on to the S3 event parser', () => {
    const body = JSON.stringify({ Records: [1, 2, 3] });
    expect(parseWebhookBody(json(body), { maxRecords: 2 })).toEqual({ kind: 'rejected', reason: expect.stringContaining('at most 2') });
  });

  test('drops a leading byte-order mark', () => {
    expect(parseWebhookBody(json('\uFEFF{"Records": []}')).kind).toBe('acknowledged');
  });
});

describe('parseNotificationJson', () => {
  test.each([
    ...readFixtureLines('minio/webhook-copy-dataset.jsonl'),
    ...readFixtureLines('minio/webhook-access-events.jsonl'),
    readFixtureText('aws/s3-test-event.json'),
    readFixtureText('aws/sns-notification-envelope.json'),
    '{"Records": [',
    '{"hello": "world"}',
  ])('reads JSON text exactly as a JSON webhook body: %s', (text) => {
    expect(parseNotificationJson(text)).toEqual(parseWebhookBody(json(text)));
  });
});

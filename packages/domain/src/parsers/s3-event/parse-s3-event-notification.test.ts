import { describe, expect, test } from 'vitest';
import { awsObjectCreated, MINIO_COPY_RECORDS, MINIO_DELETE_RECORDS, minioRecord } from '../../../test/expected-fixture-records.js';
import { readFixtureJson, readFixtureLines } from '../../../test/read-fixture.js';
import { parseS3EventNotification } from './parse-s3-event-notification.js';

const minioLines = (path: string): Array<{ Key: string } & Record<string, unknown>> =>
  readFixtureLines(path).map((line) => JSON.parse(line) as { Key: string });

describe('parseS3EventNotification on captured payloads', () => {
  test('reads every MinIO webhook body of a dataset copy, ignoring the reads in between', () => {
    const lines = minioLines('minio/webhook-copy-dataset.jsonl');
    expect(lines).toHaveLength(MINIO_COPY_RECORDS.length);
    lines.forEach((line, index) => {
      const expected = MINIO_COPY_RECORDS[index];
      if (expected === undefined) throw new Error(`no expectation for line ${index}`);
      expect(parseS3EventNotification(line)).toEqual({ kind: 'records', records: [minioRecord(expected, 's3-event')] });
    });
  });

  test('reads every MinIO removal of the two-dataset delete, in captured order', () => {
    const lines = minioLines('minio/webhook-delete-two-datasets.jsonl');
    expect(lines).toHaveLength(MINIO_DELETE_RECORDS.length);
    lines.forEach((line, index) => {
      const expected = MINIO_DELETE_RECORDS[index];
      if (expected === undefined) throw new Error(`no expectation for line ${index}`);
      expect(parseS3EventNotification(line)).toEqual({ kind: 'records', records: [minioRecord(expected, 's3-event')] });
    });
  });

  test('ignores every MinIO read-only event', () => {
    const lines = minioLines('minio/webhook-access-events.jsonl');
    expect(lines).toHaveLength(10);
    for (const line of lines) {
      const result = parseS3EventNotification(line);
      expect(result).toEqual({
        kind: 'records',
        records: [
          {
            type: 'ignored',
            ignored: expect.objectContaining({ eventName: 's3:ObjectAccessed:Get', bucket: 'test-bucket' }) as unknown,
          },
        ],
      });
    }
  });

  test.each([
    'minio/webhook-copy-dataset.jsonl',
    'minio/webhook-delete-two-datasets.jsonl',
    'minio/webhook-access-events.jsonl',
  ])("decodes each key of %s to the plain key MinIO's top-level Key names", (path) => {
    for (const line of minioLines(path)) {
      const result = parseS3EventNotification(line);
      if (result.kind !== 'records') throw new Error(`expected records, got ${result.kind}`);
      const [record] = result.records;
      const named = record?.type === 'event' ? record.event : record?.ignored;
      expect(`${named?.bucket}/${named?.key}`).toBe(line.Key);
    }
  });

  test('reads the AWS S3 event, decoding "+" in the key to a space', () => {
    expect(parseS3EventNotification(readFixtureJson('aws/s3-event-object-created.json'))).toEqual(awsObjectCreated('s3-event'));
  });

  test('acknowledges the AWS s3:TestEvent, naming its bucket', () => {
    expect(parseS3EventNotification(readFixtureJson('aws/s3-test-event.json'))).toEqual({
      kind: 'acknowledged',
      reason: 's3:TestEvent for bucket "my-dtool-bucket": notifications are configured',
    });
  });

  test('labels the events with the source it is given', () => {
    const result = parseS3EventNotification(readFixtureJson('aws/s3-event-object-created.json'), 'sns-json');
    expect(result.kind === 'records' && result.records[0]?.type === 'event' && result.records[0].event.source).toBe('sns-json');
  });
});

import { describe, expect, test } from 'vitest';
import type { ParseResult } from '../../model/parse-result.js';
import { parseS3EventNotification } from './parse-s3-event-notification.js';

const record = (key: string, eventName = 'ObjectCreated:Put', extra: Record<string, unknown> = {}) => ({
  eventName,
  eventTime: '2026-03-02T10:15:31.402Z',
  s3: { bucket: { name: 'b' }, object: { key, sequencer: '01' } },
  ...extra,
});

const keysOf = (result: ParseResult): Array<string | undefined> => {
  if (result.kind !== 'records') throw new Error(`expected records, got ${result.kind}: ${JSON.stringify(result)}`);
  return result.records.map((item) => (item.type === 'event' ? item.event.key : item.ignored.key));
};

describe('parseS3EventNotification keys', () => {
  test.each([
    ['projects/alpha+beta/x', 'projects/alpha beta/x'],
    ['u%2Ftestuser%2Fdtool', 'u/testuser/dtool'],
    ['a%2Bb', 'a+b'],
    ['caf%C3%A9/%E6%97%A5%E6%9C%AC/%F0%9F%98%80', 'café/日本/😀'],
    ['café/日本', 'café/日本'],
    ['nul%00byte', 'nul\u0000byte'],
    ['100%25', '100%'],
  ])('decodes %j to %j', (encoded, decoded) => {
    expect(keysOf(parseS3EventNotification({ Records: [record(encoded)] }))).toEqual([decoded]);
  });

  test.each(['%E0%A4%A', 'a%', '%zz', '%C3', '%FF'])('rejects the whole notification for the malformed key %j, naming it', (key) => {
    const result = parseS3EventNotification({ Records: [record('fine'), record(key, 's3:ObjectAccessed:Get')] });
    expect(result).toEqual({ kind: 'rejected', reason: expect.stringContaining(JSON.stringify(key)) });
    expect(result.kind === 'rejected' && result.reason).toContain('Records[1]');
  });
});

describe('parseS3EventNotification records', () => {
  test('returns one record per input record, in order', () => {
    const result = parseS3EventNotification({
      Records: [record('a'), record('b', 's3:ObjectAccessed:Get'), record('c', 'ObjectRemoved:DeleteMarkerCreated')],
    });
    expect(keysOf(result)).toEqual(['a', 'b', 'c']);
    expect(result.kind === 'records' && result.records.map((item) => (item.type === 'event' ? item.event.kind : 'ignored'))).toEqual([
      'created',
      'ignored',
      'removed',
    ]);
  });

  test('treats a lifecycle expiration as a removal', () => {
    const result = parseS3EventNotification({ Records: [record('k', 'LifecycleExpiration:Delete')] });
    expect(result.kind === 'records' && result.records[0]).toMatchObject({ type: 'event', event: { kind: 'removed', key: 'k' } });
  });

  test('leaves out a missing or empty sequencer and event time', () => {
    const bare = { eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'b' }, object: { key: 'k' } } };
    const empty = { eventName: 's3:ObjectCreated:Put', eventTime: '', s3: { bucket: { name: 'b' }, object: { key: 'k', sequencer: '' } } };
    const expected = { kind: 'records', records: [{ type: 'event', event: { kind: 'created', bucket: 'b', key: 'k', source: 's3-event' } }] };
    expect(parseS3EventNotification({ Records: [bare] })).toEqual(expected);
    expect(parseS3EventNotification({ Records: [empty] })).toEqual(expected);
  });

  test('ignores a creation without an object key instead of inventing one', () => {
    expect(parseS3EventNotification({ Records: [record('')] })).toEqual({
      kind: 'records',
      records: [{ type: 'ignored', ignored: { reason: 'the record names no object key', eventName: 'ObjectCreated:Put', bucket: 'b' } }],
    });
  });

  test('acknowledges an empty Records array', () => {
    expect(parseS3EventNotification({ Records: [] })).toEqual({ kind: 'acknowledged', reason: 'the notification holds no records' });
  });

  test('rejects 10,001 records and accepts 10,000', () => {
    const many = (count: number) => ({ Records: Array.from({ length: count }, (_, index) => record(`k${index}`)) });
    expect(parseS3EventNotification(many(10_001))).toEqual({ kind: 'rejected', reason: expect.stringContaining('10001 records') });
    expect(keysOf(parseS3EventNotification(many(10_000)))).toHaveLength(10_000);
  });

  test('takes its record limit from the options', () => {
    const three = { Records: [record('a'), record('b'), record('c')] };
    expect(parseS3EventNotification(three, 's3-event', { maxRecords: 2 }).kind).toBe('rejected');
    expect(parseS3EventNotification(three, 's3-event', { maxRecords: 3 }).kind).toBe('records');
  });
});

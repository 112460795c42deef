import { describe, expect, test } from 'vitest';
import { parseS3EventNotification } from './parse-s3-event-notification.js';

const valid = () => ({
  eventName: 'ObjectCreated:Put',
  eventTime: 't',
  s3: { bucket: { name: 'b' }, object: { key: 'k', sequencer: 's' } },
});

describe('parseS3EventNotification on malformed input', () => {
  test.each([
    ['null', null],
    ['a number', 42],
    ['a string', '{"Records": []}'],
    ['an array', [valid()]],
    ['an object without Records', { records: [] }],
    ['Records as a string', { Records: 'x' }],
    ['Records as an object', { Records: { 0: valid() } }],
    ['a test event with the wrong name', { Event: 's3:testevent' }],
  ])('rejects %s', (_, input) => {
    expect(parseS3EventNotification(input)).toEqual({ kind: 'rejected', reason: expect.stringMatching(/^the S3 event notification is invalid: /) });
  });

  const mutate = (change: (record: ReturnType<typeof valid>) => unknown) => ({ Records: [valid(), change(valid())] });
  const cases: Array<[string, unknown, string]> = [
    ['a null record', mutate(() => null), 'must be an object'],
    ['a record that is an array', mutate(() => []), '"eventName": is missing'],
    ['a numeric eventName', mutate((r) => ({ ...r, eventName: 5 })), '"eventName": must be a string'],
    ['a missing eventName', mutate(({ s3 }) => ({ s3 })), '"eventName": is missing'],
    ['a numeric eventTime', mutate((r) => ({ ...r, eventTime: 5 })), '"eventTime": must be a string'],
    ['an s3 that is a string', mutate((r) => ({ ...r, s3: 'x' })), '"s3": must be an object'],
    ['a missing s3', mutate(({ eventName }) => ({ eventName })), '"s3": is missing'],
    ['a bucket as a string', mutate((r) => ({ ...r, s3: { ...r.s3, bucket: 'b' } })), '"s3.bucket": must be an object'],
    ['a numeric bucket name', mutate((r) => ({ ...r, s3: { ...r.s3, bucket: { name: 5 } } })), '"s3.bucket.name": must be a string'],
    ['an empty bucket name', mutate((r) => ({ ...r, s3: { ...r.s3, bucket: { name: '' } } })), '"s3.bucket.name": must not be empty'],
    ['a missing object', mutate((r) => ({ ...r, s3: { bucket: r.s3.bucket } })), '"s3.object": is missing'],
    ['a missing key', mutate((r) => ({ ...r, s3: { ...r.s3, object: {} } })), '"s3.object.key": is missing'],
    ['a numeric key', mutate((r) => ({ ...r, s3: { ...r.s3, object: { key: 7 } } })), '"s3.object.key": must be a string'],
    ['a numeric sequencer', mutate((r) => ({ ...r, s3: { ...r.s3, object: { key: 'k', sequencer: 1 } } })), '"s3.object.sequencer": must be a string'],
  ];
  test.each(cases)('rejects %s, naming the record and the field', (_, input, problem) => {
    const result = parseS3EventNotification(input);
    expect(result).toEqual({ kind: 'rejected', reason: expect.stringContaining('Records[1]') });
    expect(result.kind === 'rejected' && result.reason).toContain(problem);
  });

  test('never lets __proto__ or constructor keys reach a prototype', () => {
    const text =
      '{"__proto__": {"polluted": 1}, "Records": [{"__proto__": {"polluted": 2}, "constructor": {"prototype": {"polluted": 3}},' +
      ' "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": "b", "__proto__": {"polluted": 4}},' +
      ' "object": {"key": "__proto__", "sequencer": "1", "constructor": {"polluted": 5}}}}]}';
    const result = parseS3EventNotification(JSON.parse(text));
    expect(result).toEqual({ kind: 'records', records: [{ type: 'event', event: { kind: 'created', bucket: 'b', key: '__proto__', sequencer: '1', source: 's3-event' } }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(result.kind === 'records' ? result.records[0] : undefined)).toBe(Object.prototype);
  });

  test('reads a record whose unread fields nest 100,000 levels deep without overflowing the stack', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`) as unknown;
    const result = parseS3EventNotification({ Records: [{ ...valid(), deep }], deep });
    expect(result.kind).toBe('records');
  });
});

describe('parseS3EventNotification on records the index ignores', () => {
  const access = (extra: Record<string, unknown> = {}) => ({ ...valid(), eventName: 's3:ObjectAccessed:Get', ...extra });

  test('reads an access event no further than its name, bucket and key: fields nothing reads are not validated', () => {
    const unread = access({ eventTime: 5, s3: { bucket: { name: 'b' }, object: { key: 'a+b%2Fc', sequencer: 7, eTag: {} } } });
    expect(parseS3EventNotification({ Records: [unread] })).toEqual({
      kind: 'records',
      records: [{ type: 'ignored', ignored: { reason: 'event "s3:ObjectAccessed:Get" neither writes nor removes an object', eventName: 's3:ObjectAccessed:Get', bucket: 'b', key: 'a b/c' } }],
    });
  });

  test('still rejects a creation with the same wrong-typed fields, naming them', () => {
    const created = { ...access({ eventTime: 5, s3: { bucket: { name: 'b' }, object: { key: 'k', sequencer: 7 } } }), eventName: 's3:ObjectCreated:Put' };
    const result = parseS3EventNotification({ Records: [created] });
    expect(result).toEqual({ kind: 'rejected', reason: expect.stringContaining('Records[0]') });
    expect(result.kind === 'rejected' && result.reason).toContain('"eventTime": must be a string');
    expect(result.kind === 'rejected' && result.reason).toContain('"s3.object.sequencer": must be a string');
  });

  test.each<[string, unknown, string]>([
    ['no s3', access({ s3: undefined }), '"s3": must be an object'],
    ['an empty bucket name', access({ s3: { bucket: { name: '' }, object: { key: 'k' } } }), '"s3.bucket.name": must not be empty'],
    ['a numeric key', access({ s3: { bucket: { name: 'b' }, object: { key: 7 } } }), '"s3.object.key": must be a string'],
  ])('still rejects an access event with %s, for the reason the schema gives', (_, record, problem) => {
    const result = parseS3EventNotification({ Records: [record] });
    expect(result).toEqual({ kind: 'rejected', reason: expect.stringContaining('Records[0]') });
    expect(result.kind === 'rejected' && result.reason).toContain(problem);
  });
});

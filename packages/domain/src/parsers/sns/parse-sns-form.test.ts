import { describe, expect, test } from 'vitest';
import { readFixtureText } from '../../../test/read-fixture.js';
import { parseSnsForm } from './parse-sns-form.js';

const form = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value).replaceAll('%20', '+')}`)
    .join('&');

const storageGridEvent = (kind: 'created' | 'removed') => ({
  kind: 'records',
  records: [
    {
      type: 'event',
      event: {
        kind,
        bucket: 'frct-livmats',
        key: 'u/jh1130/481b1bc4-f867-4580-b5d3-28fd7e64a107/dtool',
        sequencer: '16DAB6450E18CA14',
        eventTime: '2022-03-09T12:30:21Z',
        ...(kind === 'created' ? { eTag: 'e999ae313285a5313c3fcf4ff13bd3ca' } : {}),
        source: 'sns-form',
      },
    },
  ],
});

describe('parseSnsForm on captured StorageGRID posts', () => {
  test('reads the object-created Publish, whose event name has no s3: prefix', () => {
    expect(parseSnsForm(readFixtureText('storagegrid/sns-form-object-created.txt'))).toEqual(storageGridEvent('created'));
  });

  test('reads the object-removed Publish', () => {
    expect(parseSnsForm(readFixtureText('storagegrid/sns-form-object-removed.txt'))).toEqual(storageGridEvent('removed'));
  });

  test('acknowledges the endpoint test, whose Message is not JSON', () => {
    expect(parseSnsForm(readFixtureText('storagegrid/sns-form-endpoint-test.txt'))).toEqual({
      kind: 'acknowledged',
      reason: 'the message "StorageGRID Test Message" is not JSON: an endpoint test',
    });
  });
});

describe('parseSnsForm', () => {
  test('rejects an Action other than Publish', () => {
    expect(parseSnsForm(form({ Action: 'Subscribe', Message: '{}' }))).toEqual({
      kind: 'rejected',
      reason: 'the SNS form\'s Action "Subscribe" is not supported; only Publish is',
    });
  });

  test.each([
    ['no Action', form({ Message: 'x' }), 'no Action'],
    ['no Message', form({ Action: 'Publish' }), 'no Message'],
    ['an empty body', '', 'no Action'],
    ['a second Message', `${form({ Action: 'Publish', Message: 'a' })}&Message=b`, 'Message field 2 times'],
    ['a malformed escape in a value', 'Action=Publish&Message=%E0%A4%A', '"Message" has a malformed percent-escape'],
    ['a malformed escape in a name', 'Action=Publish&%zz=1', '"%zz" has a malformed percent-escape'],
  ])('rejects a form with %s', (_, body, problem) => {
    expect(parseSnsForm(body)).toEqual({ kind: 'rejected', reason: expect.stringContaining(problem) });
  });

  test('hands a JSON Message to the S3 event parser, rejections included', () => {
    const result = parseSnsForm(form({ Action: 'Publish', Message: '{"Records": [{"eventName": 5}]}' }));
    expect(result).toEqual({ kind: 'rejected', reason: expect.stringContaining('Records[0] is invalid') });
    expect(parseSnsForm(form({ Action: 'Publish', Message: '{"Event": "s3:TestEvent"}' })).kind).toBe('acknowledged');
  });

  test('rejects a Message nested deeper than the limit instead of calling it an endpoint test', () => {
    const deep = `${'['.repeat(65)}${']'.repeat(65)}`;
    expect(parseSnsForm(form({ Action: 'Publish', Message: deep }))).toEqual({
      kind: 'rejected',
      reason: "the SNS form's Message is nested deeper than 64 levels",
    });
    expect(parseSnsForm(form({ Action: 'Publish', Message: '[[[]]]' }), { maxDepth: 2 }).kind).toBe('rejected');
  });

  test('keeps field names such as __proto__ away from any prototype', () => {
    const body = `__proto__=polluted&constructor=x&${form({ Action: 'Publish', Message: 'hello' })}`;
    expect(parseSnsForm(body).kind).toBe('acknowledged');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('skips empty pairs and reads a field without "=" as empty', () => {
    expect(parseSnsForm('&&Action=Publish&&Message&').kind).toBe('acknowledged');
  });
});

import {
  MongoError,
  BSON,
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoNetworkTimeoutError,
  MongoParseError,
  MongoServerError,
  MongoServerSelectionError,
  type TopologyDescription,
} from 'mongodb';
import { DtoolNotifyError } from '@dtool-notify/domain';
import { describe, expect, test } from 'vitest';
import { classifyMongoError, toNotifyError } from './map-mongo-error.js';

const serverError = (code: number, errmsg = `server error ${code}`, errorLabels: string[] = []) =>
  new MongoServerError({ ok: 0, code, errmsg, errorLabels });

describe('classifyMongoError', () => {
  test.each([
    ['no server selected in time', new MongoServerSelectionError('Server selection timed out', {} as TopologyDescription), 'unavailable'],
    ['a dropped connection', new MongoNetworkError('connection 1 to 127.0.0.1:27017 closed'), 'unavailable'],
    ['a socket timeout', new MongoNetworkTimeoutError('connection timed out'), 'unavailable'],
    ['not writable primary (10107)', serverError(10107, 'not primary'), 'unavailable'],
    ['primary stepped down (189)', serverError(189), 'unavailable'],
    ['shutdown in progress (91)', serverError(91), 'unavailable'],
    ['an unknown code labelled RetryableWriteError', serverError(424242, 'odd', ['RetryableWriteError']), 'unavailable'],
    ['a legacy "not master" message', serverError(424243, 'not master'), 'unavailable'],
    ['a duplicate key (11000)', serverError(11000, 'E11000 duplicate key error collection: db.datasets'), 'duplicate-key'],
    ['authentication failed (18)', serverError(18, 'Authentication failed.'), 'access-denied'],
    ['unauthorized (13)', serverError(13, 'not authorized on dtool_info'), 'access-denied'],
    ['an object too large (10334)', serverError(10334, 'BSONObj size: 17000000 is invalid'), 'too-large'],
    ['FerretDB refusing a dotted key', serverError(2, `invalid key: "a.b" (key must not contain '.' sign)`), 'key-name'],
    ['MongoDB refusing a $-prefixed field (52)', serverError(52, "The dollar ($) prefixed field '$x' in '$x' is not valid"), 'key-name'],
    ['FerretDB taking a top-level $ key for an operator', serverError(9, 'Unknown modifier: $x. Expected a valid update modifier'), 'key-name'],
    ['the driver refusing a $ first key', new MongoInvalidArgumentError('Replacement document must not contain atomic operators'), 'key-name'],
    ['BSON refusing a NUL byte in a key', new BSON.BSONError('key a\0b must not contain null bytes'), 'key-name'],
    ['another server answer (document validation, 121)', serverError(121, 'Document failed validation'), 'rejected'],
    ['FerretDB refusing infinity (2)', serverError(2, 'invalid value: { "a": +Inf } (infinity values are not allowed)'), 'rejected'],
    ['a malformed connection string', new MongoParseError('Invalid scheme'), 'rejected'],
    ['anything else', new Error('boom'), 'unexpected'],
  ] as const)('classifies %s as %s', (_name, error, expected) => {
    expect(classifyMongoError(error)).toBe(expected);
  });
});

describe('toNotifyError', () => {
  test.each([
    [new MongoNetworkError('closed'), 'retryable'],
    [serverError(11000), 'retryable'],
    [serverError(18), 'access-denied'],
    [serverError(10334), 'too-large'],
    [serverError(2, 'invalid key: "a.b" (x)'), 'unreadable'],
    [serverError(121), 'permanent'],
    [new MongoError('an error no rule knows'), 'retryable'],
    // Not the driver's: a bug of ours, which a retry would only repeat.
    [new Error('boom'), 'internal'],
    [new RangeError('Maximum call stack size exceeded'), 'internal'],
  ] as const)('maps %s to the domain code %s', (error, code) => {
    expect(toNotifyError(error, { action: 'upsert', uri: 's3://b/u' })).toMatchObject({ code });
  });

  test('names the operation, the dataset and the server message', () => {
    const error = toNotifyError(new MongoNetworkError('connection refused'), { action: 'delete', uri: 's3://bucket/1234' });
    expect(error).toBeInstanceOf(DtoolNotifyError);
    expect(error.message).toBe('MongoDB is unavailable for delete of s3://bucket/1234: connection refused');
  });

  test('names the refused key by its path in the document', () => {
    const document = { uri: 's3://b/u', annotations: { list: [{ 'x.y': 1 }] } };
    const error = toNotifyError(serverError(2, `invalid key: "x.y" (key must not contain '.' sign)`), {
      action: 'upsert',
      uri: document.uri,
      document,
    });
    expect(error.message).toContain('s3://b/u: field name annotations.list[0]["x.y"] is not allowed');
  });

  test('escapes control characters and shortens long server messages', () => {
    const error = toNotifyError(serverError(121, `bad\0value ${'x'.repeat(1000)}`), { action: 'upsert' });
    expect(error.message).toContain('bad\\u0000value');
    expect(error.message).not.toContain('\0');
    expect(error.message.length).toBeLessThan(400);
  });

  test('passes the domain error through unchanged', () => {
    const original = new DtoolNotifyError('too-large', 'already mapped');
    expect(toNotifyError(original, { action: 'upsert' })).toBe(original);
  });
});

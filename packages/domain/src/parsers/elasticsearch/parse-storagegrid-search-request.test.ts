import { describe, expect, test } from 'vitest';
import { readFixtureJson } from '../../../test/read-fixture.js';
import { parseStorageGridSearchRequest, type SearchIntegrationRequest } from './parse-storagegrid-search-request.js';

const PREFIX = '/elastic-search/';
const fixtureRequest = (path: string): SearchIntegrationRequest => {
  const captured = readFixtureJson(path) as { method: string; path: string; body?: unknown };
  if (!captured.path.startsWith(PREFIX)) throw new Error(`unexpected fixture path ${captured.path}`);
  return { ...captured, path: captured.path.slice(PREFIX.length) };
};
const event = (kind: 'created' | 'removed', bucket: string, key: string) => ({
  kind: 'records',
  records: [{ type: 'event', event: { kind, bucket, key, source: 'storagegrid-search' } }],
});
const KEY = 'u/jh1130/481b1bc4-f867-4580-b5d3-28fd7e64a107/dtool';

describe('parseStorageGridSearchRequest on captured requests', () => {
  test('reads the PUT of an admin-metadata document as a creation', () => {
    const request = fixtureRequest('storagegrid/search-integration-put-admin-metadata.json');
    expect(parseStorageGridSearchRequest(request, ['frct-livmats'])).toEqual(event('created', 'frct-livmats', KEY));
  });

  test('reads the DELETE of that document as a removal', () => {
    const request = fixtureRequest('storagegrid/search-integration-delete-admin-metadata.json');
    expect(parseStorageGridSearchRequest(request, ['other', 'frct-livmats'])).toEqual(event('removed', 'frct-livmats', KEY));
  });
});

describe('parseStorageGridSearchRequest', () => {
  const put = (path: string, body?: unknown): SearchIntegrationRequest => (body === undefined ? { method: 'PUT', path } : { method: 'PUT', path, body });

  test.each([
    ['frct-simdata_u/lp1029/6ea79d31-f100-486a-9e78-c5b609cb35de/dtool', 'u/lp1029/6ea79d31-f100-486a-9e78-c5b609cb35de/dtool'],
    ['frct-simdata_6ea79d31-f100-486a-9e78-c5b609cb35de/dtool', '6ea79d31-f100-486a-9e78-c5b609cb35de/dtool'],
    ['frct-simdata_dtool-f8784b1e-ba60-4200-baa7-397856fe83ec', 'dtool-f8784b1e-ba60-4200-baa7-397856fe83ec'],
    ['frct-simdata_u%2Flp1029%2Fmy%20data%2B1%2Fdtool', 'u/lp1029/my data+1/dtool'],
    ['frct-simdata_caf%C3%A9/%E6%97%A5/dtool', 'café/日/dtool'],
    ['frct-simdata_a+b/dtool', 'a+b/dtool'],
  ])('maps notify/all/%s to its key', (id, key) => {
    expect(parseStorageGridSearchRequest(put(`notify/all/${id}`), ['frct-simdata'])).toEqual(event('created', 'frct-simdata', key));
  });

  test('reads a path that several configured buckets could name as each of them, longest bucket first', () => {
    const buckets = ['legacy', 'legacy_data_2', 'legacy_data'];
    const candidate = (bucket: string, key: string) => ({ type: 'event', event: { kind: 'removed', bucket, key, source: 'storagegrid-search' } });
    expect(parseStorageGridSearchRequest({ method: 'DELETE', path: 'i/t/legacy_data_x/dtool' }, buckets)).toEqual({
      kind: 'records',
      records: [candidate('legacy_data', 'x/dtool'), candidate('legacy', 'data_x/dtool')],
    });
    expect(parseStorageGridSearchRequest({ method: 'DELETE', path: 'i/t/legacy_data_2_x' }, buckets)).toEqual({
      kind: 'records',
      records: [candidate('legacy_data_2', 'x'), candidate('legacy_data', '2_x'), candidate('legacy', 'data_2_x')],
    });
    expect(parseStorageGridSearchRequest(put('i/t/legacy_other'), buckets)).toEqual(event('created', 'legacy', 'other'));
  });

  test('leaves out a candidate bucket that would leave no object key', () => {
    expect(parseStorageGridSearchRequest({ method: 'DELETE', path: 'i/t/rtq_b_' }, ['rtq', 'rtq_b'])).toEqual(event('removed', 'rtq', 'b_'));
    expect(parseStorageGridSearchRequest({ method: 'DELETE', path: 'i/t/rtq_b_' }, ['rtq_b'])).toEqual({
      kind: 'rejected',
      reason: expect.stringContaining('names bucket "rtq_b" but no object key'),
    });
  });

  test('ignores a document whose id starts with no configured bucket, naming the path', () => {
    expect(parseStorageGridSearchRequest(put('/notify/all/unknown_key'), ['frct-simdata'])).toEqual({
      kind: 'records',
      records: [{ type: 'ignored', ignored: { reason: expect.stringContaining('"notify/all/unknown_key"') } }],
    });
  });

  test('trusts the body over the path when both name a bucket and key', () => {
    const body = { bucket: 'legacy', key: 'data_x/dtool' };
    const result = parseStorageGridSearchRequest(put('i/t/legacy_data_x/dtool', body), ['legacy', 'legacy_data']);
    expect(result).toEqual(event('created', 'legacy', 'data_x/dtool'));
  });

  test('ignores a document whose body names an unconfigured bucket', () => {
    const result = parseStorageGridSearchRequest(put('i/t/a_k', { bucket: 'elsewhere', key: 'k' }), ['a']);
    expect(result).toEqual({
      kind: 'records',
      records: [{ type: 'ignored', ignored: { reason: expect.stringContaining('"elsewhere"'), bucket: 'elsewhere', key: 'k' } }],
    });
  });

  test('falls back to the path when the body does not name both bucket and key', () => {
    expect(parseStorageGridSearchRequest(put('i/t/a_k', { bucket: 'a' }), ['a'])).toEqual(event('created', 'a', 'k'));
    expect(parseStorageGridSearchRequest(put('i/t/a_k', {}), ['a'])).toEqual(event('created', 'a', 'k'));
    expect(parseStorageGridSearchRequest(put('i/t/a_k', null), ['a'])).toEqual(event('created', 'a', 'k'));
  });

  test.each([
    ['a body that is a string', put('i/t/a_k', 'text'), 'the document body is invalid: must be an object'],
    ['a body that is an array', put('i/t/a_k', [{ bucket: 'a', key: 'k' }]), 'the document body must be an object, not an array'],
    ['a body that is an empty array', put('i/t/a_k', []), 'the document body must be an object, not an array'],
    ['a numeric bucket in the body', put('i/t/a_k', { bucket: 5, key: 'k' }), '"bucket": must be a string'],
    ['an empty key in the body', put('i/t/a_k', { bucket: 'a', key: '' }), '"key": must not be empty'],
    ['a malformed escape', put('i/t/a_%E0%A4%A'), 'path "i/t/a_%E0%A4%A" has a malformed percent-escape'],
    ['no document id', put('i/t'), 'is not <index>/<type>/<bucket>_<key>'],
    ['an empty type', put('i//a_k'), 'is not <index>/<type>/<bucket>_<key>'],
    ['a bucket without key', put('i/t/a_'), 'names bucket "a" but no object key'],
    ['an unknown method', { method: 'PATCH', path: 'i/t/a_k' }, 'method "PATCH" is not supported'],
  ])('rejects %s', (_, request, problem) => {
    expect(parseStorageGridSearchRequest(request, ['a'])).toEqual({ kind: 'rejected', reason: expect.stringContaining(problem) });
  });

  test.each(['GET', 'head'])('acknowledges %s, which needs no work', (method) => {
    expect(parseStorageGridSearchRequest({ method, path: '' }, []).kind).toBe('acknowledged');
  });

  test('reads POST as a creation and lower-case methods as upper-case', () => {
    expect(parseStorageGridSearchRequest({ method: 'post', path: 'i/t/a_k' }, ['a'])).toEqual(event('created', 'a', 'k'));
    expect(parseStorageGridSearchRequest({ method: 'delete', path: 'i/t/a_k' }, ['a'])).toEqual(event('removed', 'a', 'k'));
  });

  test('never lets a __proto__ body key reach a prototype', () => {
    const body = JSON.parse('{"__proto__": {"polluted": 1}, "bucket": "a", "key": "k"}') as unknown;
    expect(parseStorageGridSearchRequest(put('i/t/a_k', body), ['a'])).toEqual(event('created', 'a', 'k'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

import { describe, expect, test } from 'vitest';
import { readRuntimeConfig } from './runtime-config.js';

const base = { DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "s3://b"}' };
const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJub3RpZmllciJ9.c2lnbmF0dXJl';

describe('readRuntimeConfig: the index', () => {
  test('writes to MongoDB unless told otherwise, and ignores dserver settings then', () => {
    const result = readRuntimeConfig({ ...base, DSERVER_URL: 'not a url' });
    expect(result.ok && result.value.service.index).toBe('mongo');
    expect(result.ok && result.value.dserver).toBeUndefined();
  });

  test('with DSERVER_NOTIFY_INDEX=dserver reads dserver\'s URL and token; deletions reach the search Mongo only when SEARCH_MONGO_URI is set', () => {
    const withoutMongo = readRuntimeConfig({ ...base, DSERVER_NOTIFY_INDEX: 'dserver', DSERVER_URL: 'http://127.0.0.1:5001', DSERVER_NOTIFY_DSERVER_TOKEN: token });
    expect(withoutMongo).toMatchObject({
      ok: true,
      value: { service: { index: 'dserver' }, dserver: { settings: { url: 'http://127.0.0.1:5001', credentials: { kind: 'token', token } }, removeFromSearchMongo: false } },
    });
    const withMongo = readRuntimeConfig({
      ...base,
      DSERVER_NOTIFY_INDEX: 'dserver',
      DSERVER_URL: 'http://127.0.0.1:5001',
      DSERVER_NOTIFY_DSERVER_TOKEN: token,
      SEARCH_MONGO_URI: 'mongodb://127.0.0.1:27017/',
    });
    expect(withMongo.ok && withMongo.value.dserver?.removeFromSearchMongo).toBe(true);
  });

  test('lists the problems of every part together: service, S3 and dserver', () => {
    const result = readRuntimeConfig({
      ...base,
      DSERVER_NOTIFY_INDEX: 'dserver',
      DSERVER_NOTIFY_README_LAYOUT: 'parsed-yaml',
      DTOOL_S3_ACCESS_KEY_ID_b: 'key',
    });
    expect(result.ok ? [] : result.problems).toEqual([
      'DTOOL_S3_ACCESS_KEY_ID_b is set but DTOOL_S3_SECRET_ACCESS_KEY_b is not: set both, or neither to use the AWS credential chain',
      'DSERVER_URL is not set: give dserver\'s base URL, e.g. https://dserver.example.org',
      'dserver needs credentials: set DSERVER_NOTIFY_DSERVER_TOKEN (a token from `flask user token <user>`) or DSERVER_NOTIFY_DSERVER_PRIVATE_KEY (the PEM private key matching dserver\'s JWT_PUBLIC_KEY) with DSERVER_NOTIFY_DSERVER_USERNAME',
      // Checks across variables come after each part's own.
      'DSERVER_NOTIFY_README_LAYOUT=parsed-yaml is for dtool-lookup-server <= 0.17: dserver keeps README text (use DSERVER_NOTIFY_INDEX=mongo for the legacy server)',
    ]);
  });

  test('refuses an unknown index', () => {
    const result = readRuntimeConfig({ ...base, DSERVER_NOTIFY_INDEX: 'elasticsearch' });
    expect(result.ok ? [] : result.problems).toEqual(['DSERVER_NOTIFY_INDEX must be "mongo" or "dserver"; got "elasticsearch"']);
  });
});

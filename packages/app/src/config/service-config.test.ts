import { describe, expect, test } from 'vitest';
import { readRuntimeConfig } from './runtime-config.js';
import type { Environment } from './setting-schemas.js';

const minimal = { DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "s3://b"}' };
const readServiceConfig = (env: Environment) => {
  const result = readRuntimeConfig(env);
  return result.ok ? { ok: true as const, value: result.value.service } : result;
};

describe('readServiceConfig', () => {
  test('defaults to loopback-only access, port 5000 and dserver’s Mongo names', () => {
    const result = readServiceConfig(minimal);
    expect(result).toMatchObject({
      ok: true,
      value: {
        index: 'mongo',
        allowAccessFrom: ['127.0.0.0/8', '::1/128'],
        trustedProxies: [],
        trustedProxyHeader: 'x-forwarded-for',
        host: '127.0.0.1',
        port: 5000,
        bodyLimitBytes: 1048576,
        readmeLayout: 'text',
        mongo: { uri: 'mongodb://localhost:27017/', database: 'dtool_info', collection: 'datasets' },
      },
    });
  });

  test('accepts the Python plugin’s variable names', () => {
    const result = readServiceConfig({
      DTOOL_LOOKUP_SERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"frct-simdata": "ecs://frct-simdata"}',
      DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM: '192.168.0.0/16',
    });
    expect(result).toMatchObject({
      ok: true,
      value: { bucketToBaseUri: new Map([['frct-simdata', 'ecs://frct-simdata']]), allowAccessFrom: ['192.168.0.0/16'] },
    });
  });

  test('lists every problem at once', () => {
    const result = readServiceConfig({
      DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '10.0.0.0/99',
      DSERVER_NOTIFY_TRUSTED_PROXIES: 'proxy.example.org',
      DSERVER_NOTIFY_PORT: 'eighty',
      DSERVER_NOTIFY_README_LAYOUT: 'yaml',
      DSERVER_NOTIFY_AUTH_TOKEN: 'short',
      DSERVER_NOTIFY_TRUSTED_PROXY_HEADER: 'x-client-ip',
      SEARCH_MONGO_URI: 'http://mongo',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(8);
    expect(result.problems).toContain('DSERVER_NOTIFY_TRUSTED_PROXY_HEADER must be one of x-forwarded-for, x-real-ip, forwarded; got "x-client-ip"');
    expect(result.problems.join('\n')).toMatch(/DSERVER_NOTIFY_BUCKET_TO_BASE_URI is not set/);
    expect(result.problems.join('\n')).toMatch(/DSERVER_NOTIFY_PORT must be a whole number/);
    expect(result.problems.join('\n')).toMatch(/SEARCH_MONGO_URI must start with mongodb:\/\//);
  });

  test('reads the slow-client timeouts, and refuses a headers timeout longer than the request timeout', () => {
    expect(readServiceConfig(minimal)).toMatchObject({ ok: true, value: { headersTimeoutMs: 10_000, requestTimeoutMs: 60_000 } });
    const short = readServiceConfig({ ...minimal, DSERVER_NOTIFY_HEADERS_TIMEOUT_MS: '500', DSERVER_NOTIFY_REQUEST_TIMEOUT_MS: '2000' });
    expect(short).toMatchObject({ ok: true, value: { headersTimeoutMs: 500, requestTimeoutMs: 2000 } });
    const inverted = readServiceConfig({ ...minimal, DSERVER_NOTIFY_HEADERS_TIMEOUT_MS: '3000', DSERVER_NOTIFY_REQUEST_TIMEOUT_MS: '2000' });
    expect(inverted).toEqual({ ok: false, problems: [expect.stringMatching(/HEADERS_TIMEOUT_MS must not exceed/)] });
    expect(readServiceConfig({ ...minimal, DSERVER_NOTIFY_REQUEST_TIMEOUT_MS: '0' }).ok).toBe(false);
  });

  test('reads the trusted proxy header in any letter case', () => {
    expect(readServiceConfig({ ...minimal, DSERVER_NOTIFY_TRUSTED_PROXY_HEADER: 'X-Real-IP' })).toMatchObject({ ok: true, value: { trustedProxyHeader: 'x-real-ip' } });
    expect(readServiceConfig({ ...minimal, DSERVER_NOTIFY_TRUSTED_PROXY_HEADER: 'Forwarded' })).toMatchObject({ ok: true, value: { trustedProxyHeader: 'forwarded' } });
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, test } from 'vitest';
import { CLI as cli } from './product-stack.js';

const run = async (args: string[], env: Record<string, string> = {}) => {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

describe('the dtool-notify CLI', () => {
  test('refuses to serve with a bad configuration, listing every problem in one message without echoing secrets', async () => {
    const result = await run(['serve'], {
      DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "http://b/"}',
      DSERVER_NOTIFY_ALLOW_ACCESS_FROM: 'everyone',
      DSERVER_NOTIFY_AUTH_TOKEN: 'tiny-secret',
      DTOOL_S3_ACCESS_KEY_ID_b: 'AKIAONLY',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^dtool-notify cannot start; fix these settings:\n/);
    expect(result.stderr).toMatch(/scheme "http"/);
    expect(result.stderr).toMatch(/"everyone" is not an IPv4 or IPv6 address/);
    expect(result.stderr).toMatch(/DSERVER_NOTIFY_AUTH_TOKEN must be at least 16 characters/);
    expect(result.stderr).toMatch(/DTOOL_S3_SECRET_ACCESS_KEY_b/);
    expect(result.stderr).not.toContain('tiny-secret');
    expect(result.stderr).not.toContain('AKIAONLY');
  });

  test('refuses to consume without Kafka settings, and with bad ones lists them with the rest, never echoing the SASL password', async () => {
    const none = await run(['consume'], { DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "s3://b"}' });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/DSERVER_NOTIFY_KAFKA_BROKERS and DSERVER_NOTIFY_KAFKA_TOPICS are not set/);
    const bad = await run(['consume'], {
      DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "http://b/"}',
      DSERVER_NOTIFY_KAFKA_BROKERS: 'kafka',
      DSERVER_NOTIFY_KAFKA_SASL_MECHANISM: 'plain',
      DSERVER_NOTIFY_KAFKA_SASL_PASSWORD: 'sasl-secret-value',
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/scheme "http"/);
    expect(bad.stderr).toMatch(/"kafka" is not host:port/);
    expect(bad.stderr).toMatch(/DSERVER_NOTIFY_KAFKA_TOPICS is not set/);
    expect(bad.stderr).toMatch(/needs both DSERVER_NOTIFY_KAFKA_SASL_USERNAME/);
    expect(bad.stderr).not.toContain('sasl-secret-value');
  });

  test('explains unknown commands and missing arguments with exit code 2', async () => {
    expect(await run(['frobnicate'])).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "frobnicate"') });
    expect(await run(['sync'], { DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "s3://b"}' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('name one bucket or base URI'),
    });
  });

  test('prints its usage on help', async () => {
    const result = await run(['help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: dtool-notify <command>/);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { readDserverSettings } from './dserver-settings.js';

const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJub3RpZmllciJ9.c2lnbmF0dXJl';
const rsaKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('readDserverSettings', () => {
  test('reads a URL and a token, with default time limit and concurrency', () => {
    expect(readDserverSettings({ DSERVER_URL: 'https://dserver.example.org/', DSERVER_NOTIFY_DSERVER_TOKEN: token })).toEqual({
      ok: true,
      value: { url: 'https://dserver.example.org', credentials: { kind: 'token', token }, requestTimeoutMs: 10_000, maxConcurrentRequests: 8 },
    });
  });

  test('reads a private key with the user its tokens are for', () => {
    const result = readDserverSettings({
      DSERVER_URL: 'http://127.0.0.1:5001',
      DSERVER_NOTIFY_DSERVER_PRIVATE_KEY: rsaKey,
      DSERVER_NOTIFY_DSERVER_USERNAME: 'dtool-notify',
      DSERVER_NOTIFY_DSERVER_TOKEN_LIFETIME_S: '120',
    });
    expect(result.ok && result.value.credentials).toEqual({ kind: 'private-key', privateKeyPem: rsaKey.trim(), username: 'dtool-notify', tokenLifetimeSeconds: 120 });
  });

  test('lists every problem at once, quoting no secret', () => {
    const result = readDserverSettings({
      DSERVER_URL: 'ftp://user:secret-password@dserver',
      DSERVER_NOTIFY_DSERVER_PRIVATE_KEY: 'not a key secret-material',
      DSERVER_NOTIFY_DSERVER_TIMEOUT_MS: '5',
      DSERVER_NOTIFY_DSERVER_MAX_REQUESTS: 'many',
    });
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    expect(problems).toEqual([
      'DSERVER_URL must not hold credentials (user:password@); set DSERVER_NOTIFY_DSERVER_TOKEN or DSERVER_NOTIFY_DSERVER_PRIVATE_KEY',
      'DSERVER_NOTIFY_DSERVER_PRIVATE_KEY is not a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)',
      'DSERVER_NOTIFY_DSERVER_USERNAME must name the dserver user the minted tokens are for',
      'DSERVER_NOTIFY_DSERVER_TIMEOUT_MS must be a whole number from 100 to 600000; got "5"',
      'DSERVER_NOTIFY_DSERVER_MAX_REQUESTS must be a whole number from 1 to 256; got "many"',
    ]);
    expect(problems.join('\n')).not.toMatch(/secret/);
  });

  test('asks for a URL and for credentials when neither is set', () => {
    const result = readDserverSettings({});
    expect(result.ok ? [] : result.problems).toEqual([
      'DSERVER_URL is not set: give dserver\'s base URL, e.g. https://dserver.example.org',
      'dserver needs credentials: set DSERVER_NOTIFY_DSERVER_TOKEN (a token from `flask user token <user>`) or DSERVER_NOTIFY_DSERVER_PRIVATE_KEY (the PEM private key matching dserver\'s JWT_PUBLIC_KEY) with DSERVER_NOTIFY_DSERVER_USERNAME',
    ]);
  });

  test('refuses both a token and a key, a token that is no JWT, and a key that cannot sign RS256', () => {
    expect(readDserverSettings({ DSERVER_URL: 'http://d', DSERVER_NOTIFY_DSERVER_TOKEN: token, DSERVER_NOTIFY_DSERVER_PRIVATE_KEY: rsaKey })).toEqual({
      ok: false,
      problems: ['set either DSERVER_NOTIFY_DSERVER_TOKEN or DSERVER_NOTIFY_DSERVER_PRIVATE_KEY, not both'],
    });
    expect(readDserverSettings({ DSERVER_URL: 'http://d', DSERVER_NOTIFY_DSERVER_TOKEN: 'opaque' })).toEqual({
      ok: false,
      problems: ['DSERVER_NOTIFY_DSERVER_TOKEN is not a JWT (three base64url parts separated by dots)'],
    });
    expect(readDserverSettings({ DSERVER_URL: 'http://d', DSERVER_NOTIFY_DSERVER_PRIVATE_KEY: ecKey, DSERVER_NOTIFY_DSERVER_USERNAME: 'u' })).toEqual({
      ok: false,
      problems: ['DSERVER_NOTIFY_DSERVER_PRIVATE_KEY must be an RSA key (dserver verifies RS256); got ec'],
    });
  });
});

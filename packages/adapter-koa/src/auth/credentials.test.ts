import { describe, expect, test } from 'vitest';
import { presentsToken, readCredential, secretsEqual } from './credentials.js';

const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('readCredential', () => {
  test('reads a bearer token, case-insensitively in the scheme', () => {
    expect(readCredential('Bearer abc.def')).toEqual({ scheme: 'bearer', token: 'abc.def' });
    expect(readCredential('bearer  abc')).toEqual({ scheme: 'bearer', token: 'abc' });
  });

  test('reads the password of basic credentials', () => {
    expect(readCredential(basic('minio', 's3cret:with:colons'))).toEqual({ scheme: 'basic', password: 's3cret:with:colons' });
  });

  test('tells a missing header from an unsupported one', () => {
    expect(readCredential(undefined)).toEqual({ scheme: 'none' });
    expect(readCredential('  ')).toEqual({ scheme: 'none' });
    expect(readCredential('Token abc')).toEqual({ scheme: 'unsupported' });
    expect(readCredential('Bearer a b')).toEqual({ scheme: 'unsupported' });
  });
});

describe('secretsEqual', () => {
  test('is true only for equal secrets, whatever their lengths', () => {
    expect(secretsEqual('token', 'token')).toBe(true);
    expect(secretsEqual('token', 'token2')).toBe(false);
    expect(secretsEqual('', 'token')).toBe(false);
  });
});

describe('presentsToken', () => {
  test('accepts the token as bearer token or as basic-auth password, and nothing else', () => {
    expect(presentsToken('Bearer t0k3n', 't0k3n')).toBe(true);
    expect(presentsToken(basic('any-user', 't0k3n'), 't0k3n')).toBe(true);
    expect(presentsToken('Bearer wrong', 't0k3n')).toBe(false);
    expect(presentsToken(basic('t0k3n', 'wrong'), 't0k3n')).toBe(false);
    expect(presentsToken(undefined, 't0k3n')).toBe(false);
  });
});

import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createNetworkAccessPolicy } from '@dtool-notify/adapter-koa';
import { readRuntimeConfig } from './runtime-config.js';

const minimal = { DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "s3://b"}' };
const problemsOf = (env: Record<string, string>): readonly string[] => {
  const result = readRuntimeConfig({ ...minimal, ...env });
  return result.ok ? [] : result.problems;
};
const publicKeyPem = (type: 'rsa' | 'ec' | 'ed25519'): string => {
  const options = type === 'rsa' ? { modulusLength: 2048 } : type === 'ec' ? { namedCurve: 'P-256' } : {};
  return generateKeyPairSync(type as 'rsa', options as { modulusLength: number }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
};

describe('configuration problems are all found before anything connects', () => {
  test('an IPv4-mapped network with an IPv4 prefix length (::ffff:10.0.0.0/8) is a configuration problem', () => {
    expect(problemsOf({ DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '::ffff:10.0.0.0/8' })).toEqual([expect.stringContaining('"::ffff:10.0.0.0/8"')]);
    expect(problemsOf({ DSERVER_NOTIFY_TRUSTED_PROXIES: '::ffff:10.0.0.0/8' })).toEqual([expect.stringContaining('DSERVER_NOTIFY_TRUSTED_PROXIES')]);
  });

  test('an IPv4-mapped address written in full (0:0:0:0:0:ffff:1.2.3.4) is accepted, and allows that IPv4 peer', () => {
    const result = readRuntimeConfig({ ...minimal, DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '0:0:0:0:0:ffff:1.2.3.4, ::ffff:10.0.0.0/104' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const policy = createNetworkAccessPolicy({ allowFrom: result.value.service.allowAccessFrom });
    expect(policy.check({ peerAddress: '::ffff:1.2.3.4', headers: {} })).toMatchObject({ allowed: true });
    expect(policy.check({ peerAddress: '10.9.8.7', headers: {} })).toMatchObject({ allowed: true });
    expect(policy.check({ peerAddress: '1.2.3.5', headers: {} })).toMatchObject({ allowed: false });
  });

  test('every network the configuration accepts builds the access policy', () => {
    const accepted = ['10.0.0.0/8', '10.1.2.3', 'fd00::/8', '::1', '::ffff:192.168.0.0/112', '0:0:0:0:0:ffff:1.2.3.4', '0.0.0.0/0', '::/0'];
    const result = readRuntimeConfig({ ...minimal, DSERVER_NOTIFY_ALLOW_ACCESS_FROM: accepted.join(','), DSERVER_NOTIFY_TRUSTED_PROXIES: accepted.join(',') });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(() => createNetworkAccessPolicy({ allowFrom: result.value.service.allowAccessFrom, trustedProxies: result.value.service.trustedProxies })).not.toThrow();
  });

  test('a JWT public key that is not RSA (EC, Ed25519) is a configuration problem, not a failure when the app is built', () => {
    expect(problemsOf({ JWT_PUBLIC_KEY: publicKeyPem('ec') })).toEqual([expect.stringMatching(/JWT_PUBLIC_KEY.*RSA/)]);
    expect(problemsOf({ JWT_PUBLIC_KEY: publicKeyPem('ed25519') })).toEqual([expect.stringMatching(/JWT_PUBLIC_KEY.*RSA/)]);
    expect(problemsOf({ JWT_PUBLIC_KEY: publicKeyPem('rsa') })).toEqual([]);
  });

  test('a private key given as the JWT public key is refused, though Node could derive the public key from it', () => {
    const privatePem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problemsOf({ JWT_PUBLIC_KEY: privatePem })).toEqual(['JWT_PUBLIC_KEY must be a PEM public key (-----BEGIN PUBLIC KEY-----)']);
  });

  test('a JWT public key that says BEGIN PUBLIC KEY but is not one is a configuration problem', () => {
    expect(problemsOf({ JWT_PUBLIC_KEY: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----' })).toEqual([
      expect.stringContaining('JWT_PUBLIC_KEY'),
    ]);
  });

  test('all of them are reported together, in one list', () => {
    const problems = problemsOf({
      DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '::ffff:10.0.0.0/8',
      DSERVER_NOTIFY_TRUSTED_PROXIES: 'example.org',
      JWT_PUBLIC_KEY: publicKeyPem('ec'),
      DSERVER_NOTIFY_PORT: '70000',
    });
    expect(problems).toHaveLength(4);
  });

  test('each line names the variable it is about and never holds the value of a secret', () => {
    const secrets = { DSERVER_NOTIFY_AUTH_TOKEN: 'tiny-secret', DSERVER_NOTIFY_KAFKA_SASL_PASSWORD: 'sasl-secret', DTOOL_S3_SECRET_ACCESS_KEY_b: 's3-secret', DSERVER_NOTIFY_DSERVER_TOKEN: 'token-secret' };
    const problems = problemsOf({
      ...secrets,
      JWT_PUBLIC_KEY: 'jwt-secret',
      DSERVER_NOTIFY_INDEX: 'dserver',
      DSERVER_NOTIFY_KAFKA_BROKERS: 'kafka:9092',
      DSERVER_NOTIFY_KAFKA_TOPICS: 'dtool',
      DSERVER_NOTIFY_KAFKA_SASL_MECHANISM: 'kerberos',
      DSERVER_NOTIFY_KAFKA_SASL_USERNAME: 'notify',
    });
    expect(problems.map((problem) => problem.split(/[ :]/)[0])).toEqual([
      'DSERVER_NOTIFY_AUTH_TOKEN', 'JWT_PUBLIC_KEY', 'DTOOL_S3_SECRET_ACCESS_KEY_b', 'DSERVER_NOTIFY_KAFKA_SASL_MECHANISM', 'DSERVER_URL', 'DSERVER_NOTIFY_DSERVER_TOKEN',
    ]);
    for (const secret of [...Object.values(secrets), 'jwt-secret']) expect(problems.join('\n')).not.toContain(secret);
  });

  test('the Python plugin\'s names and LOG_LEVEL count only when the current name is not set, and a problem names the one that was read', () => {
    expect(problemsOf({ DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM: 'everyone' })).toEqual([expect.stringMatching(/^DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM: "everyone"/)]);
    expect(problemsOf({ DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '10.0.0.0/8', DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM: 'everyone' })).toEqual([]);
    expect(problemsOf({ LOG_LEVEL: 'verbose' })).toEqual(['LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent; got "verbose"']);
    const result = readRuntimeConfig({ ...minimal, LOG_LEVEL: 'verbose', DSERVER_NOTIFY_LOG_LEVEL: 'debug' });
    expect(result.ok && result.value.service.logLevel).toBe('debug');
    const legacy = readRuntimeConfig({ DTOOL_LOOKUP_SERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "http://b"}' });
    expect(legacy.ok ? [] : legacy.problems).toEqual([expect.stringMatching(/^DTOOL_LOOKUP_SERVER_NOTIFY_BUCKET_TO_BASE_URI: /)]);
  });
});

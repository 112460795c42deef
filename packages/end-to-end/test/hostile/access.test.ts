import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import type { Logger } from '@dtool-notify/domain';
import { readRuntimeConfig, startService, type RunningService } from '@dtool-notify/app';
import { startHostileStack, type HostileStack } from './hostile-stack.js';
import { sendRaw, type RawAnswer } from './raw-http.js';

interface LogLine {
  readonly level: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

const lines: LogLine[] = [];
const capture = (level: string) => (fields: Readonly<Record<string, unknown>>): void => {
  lines.push({ level, fields });
};
const logger: Logger = { debug: capture('debug'), info: capture('info'), warn: capture('warn'), error: capture('error') };

let hostile: HostileStack;
let publicKeyPem: string;
let privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

beforeAll(async () => {
  const keys = await generateKeyPair('RS256');
  privateKey = keys.privateKey;
  publicKeyPem = await exportSPKI(keys.publicKey);
  hostile = await startHostileStack({ DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '10.0.0.0/8', JWT_PUBLIC_KEY: publicKeyPem }, logger);
});

afterAll(async () => {
  await hostile?.stack.stop();
});

/** A genuine notification of the real dataset's final write: whoever may send it makes the service index. */
function genuineNotification(): string {
  const { BUCKET, KEY_ENCODED } = hostile.placeholders;
  return JSON.stringify({ Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key: KEY_ENCODED } } }] });
}

const TEST_EVENT = JSON.stringify({ Event: 's3:TestEvent', Bucket: 'hostile-corpus' });

function post(url: string, body: string, headers: Readonly<Record<string, string>> = {}, path = '/webhook/notify'): Promise<RawAnswer> {
  const { hostname, port, host } = new URL(url);
  const extra = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
  const head = `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra}\r\n`;
  return sendRaw({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port), parts: [Buffer.from(head + body)] });
}

function get(url: string, path: string, authorization?: string): Promise<RawAnswer> {
  const { hostname, port, host } = new URL(url);
  const auth = authorization === undefined ? '' : `Authorization: ${authorization}\r\n`;
  return sendRaw({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port), parts: [Buffer.from(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\n${auth}\r\n`)] });
}

/** Another instance of the service on the same MongoDB and MinIO, with some settings changed. */
async function startVariant(settings: Readonly<Record<string, string>>): Promise<RunningService> {
  const config = readRuntimeConfig({ ...hostile.stack.serviceEnv, DSERVER_NOTIFY_PORT: '0', ...settings });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  return startService(config.value, logger);
}

describe('forwarding headers from an untrusted peer', () => {
  test.each([
    ['X-Forwarded-For', { 'X-Forwarded-For': '10.1.2.3' }],
    ['X-Real-IP', { 'X-Real-IP': '10.1.2.3' }],
    ['both, and a chain', { 'X-Forwarded-For': '10.9.9.9, 10.1.2.3', 'X-Real-IP': '10.1.2.3' }],
    ['an IPv4-mapped forwarded address', { 'X-Forwarded-For': '::ffff:10.1.2.3' }],
    ['RFC 7239 Forwarded', { Forwarded: 'for=10.1.2.3;proto=https' }],
  ])('are ignored: %s from loopback still gets 403 and nothing is indexed', async (_, headers) => {
    const answer = await post(hostile.stack.serviceUrl, genuineNotification(), headers);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: 'address 127.0.0.1 may not send notifications here' });
    expect(hostile.stack.service.index.stats().writes).toBe(0);
  });

  test('are ignored on the Elasticsearch routes too', async () => {
    const { BUCKET, KEY } = hostile.placeholders;
    const answer = await post(hostile.stack.serviceUrl, '{}', { 'X-Forwarded-For': '10.1.2.3' }, `/elastic-search/notify/all/${BUCKET}_${KEY}`);
    expect(answer.status).toBe(403);
    expect(hostile.stack.service.index.stats().writes).toBe(0);
  });

  test('the denial is logged with the real peer address, not the forged one', () => {
    const denials = lines.filter((line) => line.fields['event'] === 'access-denied');
    expect(denials.length).toBeGreaterThan(0);
    expect(denials.every((line) => line.fields['clientAddress'] === '127.0.0.1')).toBe(true);
  });

  test('control: from a configured trusted proxy, the same header is believed', async () => {
    const service = await startVariant({ DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '10.0.0.0/8', DSERVER_NOTIFY_TRUSTED_PROXIES: '127.0.0.1' });
    try {
      expect((await post(service.url, TEST_EVENT, { 'X-Forwarded-For': '10.1.2.3' })).status).toBe(200);
      expect((await post(service.url, TEST_EVENT, { 'X-Forwarded-For': '10.1.2.3, 192.0.2.1' })).status).toBe(403);
    } finally {
      await service.stop();
    }
  });
});

describe('the one forwarding header believed from a trusted proxy (DSERVER_NOTIFY_TRUSTED_PROXY_HEADER)', () => {
  const behindProxy = (header?: string) =>
    startVariant({
      DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '10.0.0.0/8',
      DSERVER_NOTIFY_TRUSTED_PROXIES: '127.0.0.1',
      ...(header === undefined ? {} : { DSERVER_NOTIFY_TRUSTED_PROXY_HEADER: header }),
    });

  test('x-real-ip: a proxy that sets X-Real-IP and passes the client\'s X-Forwarded-For through lets no one in by it', async () => {
    const service = await behindProxy('x-real-ip');
    try {
      const forged = await post(service.url, TEST_EVENT, { 'X-Real-IP': '203.0.113.9', 'X-Forwarded-For': '10.1.2.3' });
      expect(forged.status).toBe(403);
      expect(JSON.parse(forged.body)).toEqual({ error: 'address 203.0.113.9 may not send notifications here' });
      expect((await post(service.url, TEST_EVENT, { 'X-Real-IP': '10.1.2.3', 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200);
    } finally {
      await service.stop();
    }
  });

  test('x-forwarded-for (the default): X-Real-IP and Forwarded are ignored', async () => {
    const service = await behindProxy();
    try {
      expect((await post(service.url, TEST_EVENT, { 'X-Forwarded-For': '203.0.113.9', 'X-Real-IP': '10.1.2.3' })).status).toBe(403);
      expect((await post(service.url, TEST_EVENT, { 'X-Real-IP': '10.1.2.3', Forwarded: 'for=10.1.2.3' })).status).toBe(403);
    } finally {
      await service.stop();
    }
  });

  test('forwarded: RFC 7239 for= hops are walked from the right, and X-Forwarded-For is ignored', async () => {
    const service = await behindProxy('forwarded');
    try {
      expect((await post(service.url, TEST_EVENT, { Forwarded: 'for=10.1.2.3;proto=https', 'X-Forwarded-For': '203.0.113.9' })).status).toBe(200);
      expect((await post(service.url, TEST_EVENT, { Forwarded: 'for=10.1.2.3, for="203.0.113.9:4711"' })).status).toBe(403);
      expect((await post(service.url, TEST_EVENT, { Forwarded: 'for=203.0.113.9', 'X-Forwarded-For': '10.1.2.3' })).status).toBe(403);
      const malformed = await post(service.url, TEST_EVENT, { Forwarded: 'for="10.1.2.3' });
      expect(malformed.status).toBe(403);
      expect(JSON.parse(malformed.body)).toEqual({ error: 'Forwarded is not a valid RFC 7239 header' });
    } finally {
      await service.stop();
    }
  });
});

describe('/health and /ready', () => {
  test('/ready refuses a peer the notify routes refuse, before any backend is asked', async () => {
    const requestsBefore = hostile.stack.service.reader.stats().requests;
    const answer = await get(hostile.stack.serviceUrl, '/ready');
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body)).toEqual({ error: 'address 127.0.0.1 may not send notifications here' });
    expect(answer.body).not.toContain(hostile.placeholders.BUCKET);
    expect(hostile.stack.service.reader.stats().requests).toBe(requestsBefore);
  });

  test('/health answers anyone, and says nothing but that the process is alive', async () => {
    const answer = await get(hostile.stack.serviceUrl, '/health');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ status: 'ok' });
  });

  test('/ready needs the token when one is configured, as the notify routes do', async () => {
    const token = 'ready-probe-token-0123456789';
    const service = await startVariant({ DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '127.0.0.1', DSERVER_NOTIFY_AUTH_TOKEN: token });
    try {
      const refused = await get(service.url, '/ready');
      expect(refused.status).toBe(401);
      expect(refused.body).not.toContain(hostile.placeholders.BUCKET);
      expect((await get(service.url, '/ready', 'Bearer not-the-token-at-all')).status).toBe(401);
      const allowed = await get(service.url, '/ready', `Bearer ${token}`);
      expect(allowed.status).toBe(200);
      expect(JSON.parse(allowed.body)).toEqual({ ready: true, checks: { mongodb: { ok: true }, [`s3:${hostile.placeholders.BUCKET}`]: { ok: true } } });
    } finally {
      await service.stop();
    }
  });
});

describe('IPv4-mapped IPv6 peers', () => {
  // An IPv6 socket bound to ::ffff:127.0.0.1 takes IPv4 loopback connections only, and
  // reports each peer as ::ffff:127.0.0.1, as a dual-stack server does.
  test.each([
    ['127.0.0.0/8', 200],
    ['::ffff:127.0.0.0/104', 200],
    ['10.0.0.0/8', 403],
    ['::1/128', 403],
  ])('a peer ::ffff:127.0.0.1 checked against %s gets %i', async (allowFrom, status) => {
    const service = await startVariant({ DSERVER_NOTIFY_HOST: '::ffff:127.0.0.1', DSERVER_NOTIFY_ALLOW_ACCESS_FROM: allowFrom });
    try {
      expect(service.url).toMatch(/^http:\/\/\[::ffff:127\.0\.0\.1\]:\d+$/);
      const answer = await post(service.url, TEST_EVENT);
      expect(answer.status).toBe(status);
      if (status === 403) expect(JSON.parse(answer.body)).toEqual({ error: 'address 127.0.0.1 may not send notifications here' });
    } finally {
      await service.stop();
    }
  });

  test('an IPv4 loopback peer is not taken for IPv6 loopback, nor (where ::1 exists) the other way round', async () => {
    const checks: Array<readonly [string, string, number]> = [['127.0.0.1', '::1/128', 403]];
    const hasIpv6Loopback = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.once('error', () => resolve(false));
      probe.listen(0, '::1', () => probe.close(() => resolve(true)));
    });
    if (hasIpv6Loopback) checks.push(['::1', '::1/128', 200], ['::1', '127.0.0.0/8', 403]);
    for (const [host, allowFrom, status] of checks) {
      const service = await startVariant({ DSERVER_NOTIFY_HOST: host, DSERVER_NOTIFY_ALLOW_ACCESS_FROM: allowFrom });
      try {
        expect((await post(service.url, TEST_EVENT)).status, `${host} allowing ${allowFrom}`).toBe(status);
      } finally {
        await service.stop();
      }
    }
  });
});

describe('JWTs on the config routes of the real service', () => {
  const base64Url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

  test.each(['/webhook/config', '/elastic-search/config'])('%s refuses alg none, HS256 signed with the public key, and foreign keys', async (path) => {
    const claims = { sub: 'mallory', exp: Math.floor(Date.now() / 1000) + 300 };
    const unsigned = `${base64Url({ alg: 'none', typ: 'JWT' })}.${base64Url(claims)}.`;
    const unsignedClaimingRs256 = `${base64Url({ alg: 'RS256', typ: 'JWT' })}.${base64Url(claims)}.`;
    const hmacWithPublicKey = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(publicKeyPem));
    const foreign = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign((await generateKeyPair('RS256')).privateKey);
    const expired = await new SignJWT({ sub: 'alice', exp: Math.floor(Date.now() / 1000) - 60 }).setProtectedHeader({ alg: 'RS256' }).sign(privateKey);
    for (const token of [unsigned, unsignedClaimingRs256, hmacWithPublicKey, foreign, expired]) {
      const answer = await get(hostile.stack.serviceUrl, path, `Bearer ${token}`);
      expect(answer.status).toBe(401);
      expect(JSON.parse(answer.body)).toEqual({ error: expect.stringMatching(/not a valid RS256 JWT/) });
    }
  });

  test.each(['/webhook/config', '/elastic-search/config'])('%s refuses a token of the right key without exp, which would never expire', async (path) => {
    const forever = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().sign(privateKey);
    const answer = await get(hostile.stack.serviceUrl, path, `Bearer ${forever}`);
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.body)).toEqual({ error: expect.stringMatching(/not a valid RS256 JWT.*"exp"/) });
    expect(answer.body).not.toContain('bucket_to_base_uri');
  });

  test('control: a valid RS256 JWT reads the configuration, which holds no key or secret', async () => {
    const valid = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setExpirationTime('5m').sign(privateKey);
    const answer = await get(hostile.stack.serviceUrl, '/webhook/config', `Bearer ${valid}`);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ allow_access_from: '10.0.0.0/8', jwt_public_key_configured: true });
    expect(answer.body).not.toContain('BEGIN PUBLIC KEY');
    expect(answer.body).not.toContain(hostile.stack.s3.secretAccessKey);
  });
});

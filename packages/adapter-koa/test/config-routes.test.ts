import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { send, startHarness, type Harness } from './harness.js';

const TOKEN = 'c0nfig-t0ken-Qw7';
const effectiveConfig = {
  ALLOW_ACCESS_FROM: ['192.168.0.0/16'],
  Bucket_To_Base_Uri: { 'my-bucket': 's3://my-bucket' },
  version: '0.1.0',
};

let publicKeyPem: string;
let validJwt: string;
let otherKeyJwt: string;

beforeAll(async () => {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  publicKeyPem = await exportSPKI(publicKey);
  validJwt = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).setIssuedAt().setExpirationTime('5m').sign(privateKey);
  const other = await generateKeyPair('RS256');
  otherKeyJwt = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'RS256' }).sign(other.privateKey);
});

const base64Url = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(['/webhook/config', '/elastic-search/config'])('GET %s', (path) => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });
  const get = (authorization?: string) =>
    send(`${harness?.url}${path}`, { method: 'GET', ...(authorization === undefined ? {} : { headers: { authorization } }) });

  test('answers 401, saying why, when no authentication is configured', async () => {
    harness = await startHarness({ effectiveConfig });
    const response = await get(`Bearer ${TOKEN}`);
    expect(response.status).toBe(401);
    expect(response.json?.['error']).toMatch(/no authentication is configured/);
  });

  test('serves the configuration with lower-case keys for the notify token', async () => {
    harness = await startHarness({ effectiveConfig, authToken: TOKEN });
    const response = await get(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ allow_access_from: ['192.168.0.0/16'], bucket_to_base_uri: { 'my-bucket': 's3://my-bucket' }, version: '0.1.0' });
    expect(response.text).not.toContain(TOKEN);
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  test('refuses a missing or wrong token', async () => {
    harness = await startHarness({ effectiveConfig, authToken: TOKEN });
    expect((await get()).status).toBe(401);
    expect((await get(`Bearer ${TOKEN}!`)).status).toBe(401);
  });

  test('serves the configuration for a valid RS256 JWT, and never echoes the key', async () => {
    harness = await startHarness({ effectiveConfig, jwtPublicKey: publicKeyPem });
    const response = await get(`Bearer ${validJwt}`);
    expect(response.status).toBe(200);
    expect(response.text).not.toContain('BEGIN PUBLIC KEY');
  });

  test('refuses a JWT signed by another key', async () => {
    harness = await startHarness({ effectiveConfig, jwtPublicKey: publicKeyPem });
    expect((await get(`Bearer ${otherKeyJwt}`)).status).toBe(401);
  });

  test('refuses an unsigned JWT (alg none)', async () => {
    harness = await startHarness({ effectiveConfig, jwtPublicKey: publicKeyPem });
    const unsigned = `${base64Url({ alg: 'none', typ: 'JWT' })}.${base64Url({ sub: 'alice' })}.`;
    expect((await get(`Bearer ${unsigned}`)).status).toBe(401);
  });

  test('refuses an HS256 JWT that uses the public key as its secret', async () => {
    harness = await startHarness({ effectiveConfig, jwtPublicKey: publicKeyPem });
    const forged = await new SignJWT({ sub: 'mallory' })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(publicKeyPem));
    const response = await get(`Bearer ${forged}`);
    expect(response.status).toBe(401);
    expect(response.json?.['error']).toMatch(/not a valid RS256 JWT/);
  });

  test('accepts either credential when both are configured', async () => {
    harness = await startHarness({ effectiveConfig, authToken: TOKEN, jwtPublicKey: publicKeyPem });
    expect((await get(`Bearer ${TOKEN}`)).status).toBe(200);
    expect((await get(`Bearer ${validJwt}`)).status).toBe(200);
    expect((await get(`Bearer ${otherKeyJwt}`)).status).toBe(401);
  });
});

describe('the JWT public key', () => {
  test('must be an RSA public key, or the app is not created', async () => {
    await expect(startHarness({ jwtPublicKey: 'not a key' })).rejects.toThrow(/not a PEM public key/);
    const { publicKey } = await generateKeyPair('ES256');
    await expect(startHarness({ jwtPublicKey: await exportSPKI(publicKey) })).rejects.toThrow(/must be an RSA key/);
  });
});

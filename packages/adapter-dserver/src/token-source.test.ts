import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, test } from 'vitest';
import { createTokenSource } from './token-source.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKeyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('createTokenSource', () => {
  test('gives a configured token as it is', async () => {
    expect(await createTokenSource({ kind: 'token', token: 'a.b.c' })()).toBe('a.b.c');
  });

  test('mints RS256 tokens for the user, as flask-jwt-extended reads them, verifiable with the public key', async () => {
    const token = await createTokenSource({ kind: 'private-key', privateKeyPem, username: 'dtool-notify', tokenLifetimeSeconds: 300 })();
    expect(decodeProtectedHeader(token).alg).toBe('RS256');
    const { payload } = await jwtVerify(token, publicKey, { algorithms: ['RS256'] });
    expect(payload).toMatchObject({ sub: 'dtool-notify', type: 'access', fresh: false });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(300);
  });

  test('reuses a token until a fifth of its lifetime is left, then mints a new one', async () => {
    let now = 1_000_000_000_000;
    const next = createTokenSource({ kind: 'private-key', privateKeyPem, username: 'u', tokenLifetimeSeconds: 100 }, { now: () => now });
    const first = await next();
    now += 79_000;
    expect(await next()).toBe(first);
    now += 2_000;
    const renewed = await next();
    expect(renewed).not.toBe(first);
    expect(decodeJwt(renewed).iat).toBe(Math.floor(now / 1000));
  });
});

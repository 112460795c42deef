import { describe, expect, test } from 'vitest';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { createJwtVerifier } from './jwt-verifier.js';

const keys = await generateKeyPair('RS256');
const verify = createJwtVerifier(await exportSPKI(keys.publicKey));
const sign = (claims: Record<string, unknown>): Promise<string> => new SignJWT(claims).setProtectedHeader({ alg: 'RS256' }).sign(keys.privateKey);
const inSeconds = (seconds: number): number => Math.floor(Date.now() / 1000) + seconds;

describe('createJwtVerifier', () => {
  test('accepts an RS256 token of the key that expires in the future', async () => {
    expect(await verify(await sign({ sub: 'alice', exp: inSeconds(300) }))).toEqual({ ok: true });
  });

  test('refuses a token without exp, which would be valid forever, naming the missing claim', async () => {
    expect(await verify(await sign({ sub: 'alice' }))).toEqual({ ok: false, reason: expect.stringMatching(/not a valid RS256 JWT.*"exp"/) });
    expect(await verify(await sign({ sub: 'alice', iat: inSeconds(0) }))).toMatchObject({ ok: false });
  });

  test('refuses an expired token and one whose exp is not a number', async () => {
    expect(await verify(await sign({ sub: 'alice', exp: inSeconds(-60) }))).toMatchObject({ ok: false });
    expect(await verify(await sign({ sub: 'alice', exp: 'never' }))).toMatchObject({ ok: false });
  });
});

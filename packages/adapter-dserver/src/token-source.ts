import { createPrivateKey, type KeyObject } from 'node:crypto';
import { SignJWT } from 'jose';
import type { DserverCredentials } from './dserver-settings.js';

/** Gives the bearer token for the next request to dserver. */
export type TokenSource = () => Promise<string>;

/** Options of {@link createTokenSource}: `now` is for tests. */
export interface TokenSourceOptions {
  readonly now?: () => number;
}

/**
 * A configured token as it is, or tokens minted from the private key: RS256, `sub` = the
 * user (flask-jwt-extended reads the identity from `sub`), `type: access`, `fresh: false`,
 * valid for the configured lifetime and renewed when less than a fifth of it is left.
 */
export function createTokenSource(credentials: DserverCredentials, options: TokenSourceOptions = {}): TokenSource {
  if (credentials.kind === 'token') return () => Promise.resolve(credentials.token);
  const now = options.now ?? Date.now;
  const key: KeyObject = createPrivateKey(credentials.privateKeyPem);
  const lifetime = credentials.tokenLifetimeSeconds;
  let current: { token: string; renewAt: number } | undefined;
  return async () => {
    const nowMs = now();
    if (current !== undefined && nowMs < current.renewAt) return current.token;
    const issuedAt = Math.floor(nowMs / 1000);
    const token = await new SignJWT({ type: 'access', fresh: false })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
      .setSubject(credentials.username)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + lifetime)
      .setJti(crypto.randomUUID())
      .sign(key);
    current = { token, renewAt: nowMs + lifetime * 800 };
    return token;
  };
}

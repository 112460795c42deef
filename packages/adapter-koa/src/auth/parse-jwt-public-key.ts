import { createPublicKey } from 'node:crypto';
import type { ConfigResult } from '@dtool-notify/domain';

/**
 * Checks a configured JWT public key the way the verifier will use it: a PEM public key of
 * type RSA (dserver signs RS256), so a wrong key is a start-up problem, not a failure later.
 */
export function parseJwtPublicKey(text: string, name: string): ConfigResult<string> {
  let type: string | undefined;
  try {
    type = createPublicKey(text).asymmetricKeyType;
  } catch {
    return { ok: false, problems: [`${name} must be a PEM public key (-----BEGIN PUBLIC KEY-----); it could not be read as one`] };
  }
  if (type !== 'rsa') return { ok: false, problems: [`${name} must be an RSA public key (dserver signs RS256 tokens); got ${type ?? 'an unknown key type'}`] };
  return { ok: true, value: text };
}

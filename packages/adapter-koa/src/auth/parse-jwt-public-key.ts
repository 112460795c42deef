import { createPublicKey } from 'node:crypto';
import type { ConfigResult } from '@dtool-notify/domain';

/**
 * Checks a configured JWT public key the way the verifier will use it: a PEM public key of
 * type RSA (dserver signs RS256), so a wrong key is a start-up problem, not a failure later.
 */
export function parseJwtPublicKey(text: string, name: string): ConfigResult<string> {
  // Node derives a public key from a private one too: a private key here is refused, not used.
  if (!text.includes('-----BEGIN PUBLIC KEY-----') || text.includes('PRIVATE KEY')) {
    return { ok: false, problems: [`${name} must be a PEM public key (-----BEGIN PUBLIC KEY-----)`] };
  }
  let type: string | undefined;
  try {
    type = createPublicKey(text).asymmetricKeyType;
  } catch {
    return { ok: false, problems: [`${name} says BEGIN PUBLIC KEY but could not be read as a public key`] };
  }
  if (type !== 'rsa') return { ok: false, problems: [`${name} must be an RSA public key (dserver signs RS256 tokens); got ${type ?? 'an unknown key type'}`] };
  return { ok: true, value: text };
}

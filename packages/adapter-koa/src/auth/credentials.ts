import { createHash, timingSafeEqual } from 'node:crypto';

/** The secret an `Authorization` header presents. */
export type PresentedCredential =
  | { readonly scheme: 'bearer'; readonly token: string }
  | { readonly scheme: 'basic'; readonly password: string }
  | { readonly scheme: 'none' }
  | { readonly scheme: 'unsupported' };

/**
 * Reads `Authorization: Bearer <token>` (what MinIO's webhook `auth_token` sends) or
 * `Basic <base64 user:password>` (the only credentials MinIO's Elasticsearch target and
 * StorageGRID endpoints can send; the password stands for the token, the user is ignored).
 */
export function readCredential(header: string | undefined): PresentedCredential {
  if (header === undefined || header.trim() === '') return { scheme: 'none' };
  const bearer = /^Bearer +(\S+) *$/i.exec(header);
  if (bearer?.[1] !== undefined) return { scheme: 'bearer', token: bearer[1] };
  const basic = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(header);
  if (basic?.[1] !== undefined) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) return { scheme: 'basic', password: decoded.slice(colon + 1) };
  }
  return { scheme: 'unsupported' };
}

/**
 * Compares a presented secret with the expected one in constant time: both are hashed
 * first, so neither the content nor the length of the expected secret leaks through timing.
 */
export function secretsEqual(presented: string, expected: string): boolean {
  const digest = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/** Whether the header presents `token`, as a bearer token or as a basic-auth password. */
export function presentsToken(header: string | undefined, token: string): boolean {
  const credential = readCredential(header);
  if (credential.scheme === 'bearer') return secretsEqual(credential.token, token);
  if (credential.scheme === 'basic') return secretsEqual(credential.password, token);
  return false;
}

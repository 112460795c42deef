import { createPublicKey, type KeyObject } from 'node:crypto';
import { errors, jwtVerify } from 'jose';

/** Verifies a dserver-style token: an RS256 JWT signed by the holder of the private key. */
export type JwtVerifier = (token: string) => Promise<{ readonly ok: true } | { readonly ok: false; readonly reason: string }>;

/**
 * Creates a verifier for RS256 JWTs from a PEM public key. Only RS256 is accepted, so a token
 * with `alg: none`, or one HMAC-signed with the public key as the secret, is rejected. The
 * token must carry `exp`: one without would stay valid forever once leaked.
 * Throws at once when the PEM is not an RSA public key, so misconfiguration shows at start-up.
 */
export function createJwtVerifier(publicKeyPem: string): JwtVerifier {
  let key: KeyObject;
  try {
    key = createPublicKey(publicKeyPem);
  } catch (error) {
    throw new Error('the JWT public key is not a PEM public key', { cause: error });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new Error(`the JWT public key must be an RSA key for RS256; got ${key.asymmetricKeyType ?? 'an unknown key type'}`);
  }
  return async (token) => {
    try {
      await jwtVerify(token, key, { algorithms: ['RS256'], requiredClaims: ['exp'] });
      return { ok: true };
    } catch (error) {
      const code = error instanceof errors.JOSEError ? error.code : 'ERR_JWT_INVALID';
      // jose's claim messages name the claim (`missing required "exp" claim`) and nothing of the token.
      const detail = error instanceof errors.JWTClaimValidationFailed ? `: ${error.message}` : '';
      return { ok: false, reason: `the token is not a valid RS256 JWT (${code}${detail})` };
    }
  };
}

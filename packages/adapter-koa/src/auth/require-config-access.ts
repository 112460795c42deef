import type { Middleware } from 'koa';
import { HttpError } from '../http/http-error.js';
import { readCredential, secretsEqual } from './credentials.js';
import type { JwtVerifier } from './jwt-verifier.js';

/** Options of {@link requireConfigAccess}. */
export interface RequireConfigAccessOptions {
  readonly authToken?: string;
  readonly verifyJwt?: JwtVerifier;
}

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="dtool-notify-config"' };

/**
 * Guards the configuration routes: `Authorization: Bearer` with the notify token or with a
 * dserver-style RS256 JWT. Without either configured, nobody may read the configuration.
 */
export function requireConfigAccess(options: RequireConfigAccessOptions): Middleware {
  return async (ctx, next) => {
    if (options.authToken === undefined && options.verifyJwt === undefined) {
      throw new HttpError(
        'unauthorized',
        'the configuration is only served to authenticated clients, and no authentication is configured (set a notify token or a JWT public key)',
        { headers: CHALLENGE },
      );
    }
    const credential = readCredential(ctx.get('Authorization') || undefined);
    if (credential.scheme !== 'bearer') {
      throw new HttpError('unauthorized', 'this endpoint needs Authorization: Bearer <token or JWT>', { headers: CHALLENGE });
    }
    if (options.authToken !== undefined && secretsEqual(credential.token, options.authToken)) {
      await next();
      return;
    }
    const verified = options.verifyJwt === undefined ? undefined : await options.verifyJwt(credential.token);
    if (verified?.ok !== true) {
      throw new HttpError('unauthorized', verified?.reason ?? 'the token is not valid', { headers: CHALLENGE });
    }
    await next();
  };
}

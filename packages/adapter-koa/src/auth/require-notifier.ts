import type { Middleware } from 'koa';
import type { AccessPolicy, Logger } from '@dtool-notify/domain';
import { HttpError } from '../http/http-error.js';
import { presentsToken, readCredential } from './credentials.js';

/** Options of {@link requireNotifier}. */
export interface RequireNotifierOptions {
  readonly accessPolicy: AccessPolicy;
  readonly authToken?: string;
  readonly logger: Logger;
}

/** The challenge sent with every 401 of a notify route. */
const NOTIFY_CHALLENGE = 'Bearer realm="dtool-notify"';

/**
 * Guards the notify routes: first the access policy (403 with the reason, which names the
 * client's own address but nothing of the configuration), then, when a token is
 * configured, the token (401 with `WWW-Authenticate: Bearer`).
 */
export function requireNotifier(options: RequireNotifierOptions): Middleware {
  return async (ctx, next) => {
    const decision = options.accessPolicy.check({
      peerAddress: ctx.req.socket.remoteAddress ?? '',
      headers: ctx.req.headers,
    });
    ctx.state['clientAddress'] = decision.clientAddress;
    if (!decision.allowed) {
      options.logger.warn({ event: 'access-denied', clientAddress: decision.clientAddress, reason: decision.reason }, 'notification refused');
      throw new HttpError('forbidden', decision.reason);
    }
    if (options.authToken !== undefined && !presentsToken(ctx.get('Authorization') || undefined, options.authToken)) {
      const missing = readCredential(ctx.get('Authorization') || undefined).scheme === 'none';
      options.logger.warn({ event: 'unauthorized', clientAddress: decision.clientAddress, missing }, 'notification without a valid token');
      throw new HttpError('unauthorized', missing ? 'this endpoint needs Authorization: Bearer <token>' : 'the token is not valid', {
        headers: { 'WWW-Authenticate': NOTIFY_CHALLENGE },
      });
    }
    await next();
  };
}

import { performance } from 'node:perf_hooks';
import type { Middleware } from 'koa';
import type { Logger } from '@dtool-notify/domain';

const MAX_LOGGED_PATH = 300;

/**
 * Logs one debug line per request once it is answered: method, path, status, duration and
 * the client address the access policy settled on. Never headers: they carry tokens.
 */
export function logRequests(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = performance.now();
    try {
      await next();
    } finally {
      const path = ctx.path.length > MAX_LOGGED_PATH ? `${ctx.path.slice(0, MAX_LOGGED_PATH)}…` : ctx.path;
      logger.debug(
        {
          event: 'request',
          method: ctx.method,
          path,
          status: ctx.status,
          durationMs: Math.round(performance.now() - started),
          clientAddress: ctx.state['clientAddress'] ?? ctx.req.socket.remoteAddress,
        },
        'request answered',
      );
    }
  };
}

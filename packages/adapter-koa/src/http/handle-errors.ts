import type { Middleware } from 'koa';
import type { Logger } from '@dtool-notify/domain';
import { HttpError } from './http-error.js';

/** Options of {@link handleErrors}. */
export interface HandleErrorsOptions {
  readonly logger: Logger;
  readonly retryAfterSeconds: number;
}

/**
 * The one place that decides what a client sees of a failure. `HttpError`s become their
 * status and JSON body; client errors raised by Koa or the router keep their 4xx status;
 * anything else is our fault or a backend's, so the sender gets 503 with `Retry-After`
 * (never 500, never a stack) and the details go to the error log.
 */
export function handleErrors(options: HandleErrorsOptions): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    try {
      await next();
    } catch (error) {
      if (error instanceof HttpError) {
        const retryAfter = error.code === 'unavailable' ? { 'Retry-After': String(options.retryAfterSeconds) } : {};
        respond(ctx, error.status, { error: error.message, ...error.details.body }, { ...retryAfter, ...error.details.headers });
        if (error.details.closeConnection === true) ctx.set('Connection', 'close');
        return;
      }
      const clientStatus = clientErrorStatus(error);
      if (clientStatus !== undefined) {
        respond(ctx, clientStatus, { error: (error as Error).message });
        return;
      }
      options.logger.error(
        {
          event: 'unexpected-error',
          method: ctx.method,
          path: ctx.path,
          error: error instanceof Error ? error.message : String(error),
          stack: error instanceof Error ? error.stack : undefined,
        },
        'unexpected failure while handling a request',
      );
      respond(ctx, 503, { error: 'the service could not handle this request now; retry later' }, {
        'Retry-After': String(options.retryAfterSeconds),
      });
    }
  };
}

function respond(
  ctx: Parameters<Middleware>[0],
  status: number,
  body: Readonly<Record<string, unknown>>,
  headers: Readonly<Record<string, string>> = {},
): void {
  ctx.status = status;
  ctx.body = body;
  for (const [name, value] of Object.entries(headers)) ctx.set(name, value);
}

/** A 4xx raised by Koa or the router (`http-errors` with `expose`), whose message is meant for the client. */
function clientErrorStatus(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, expose } = error as { status?: unknown; expose?: unknown };
  return typeof status === 'number' && status >= 400 && status < 500 && expose === true ? status : undefined;
}

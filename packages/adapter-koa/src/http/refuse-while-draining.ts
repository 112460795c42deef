import type { Middleware } from 'koa';
import { HttpError } from './http-error.js';

/**
 * Refuses new notifications while the service shuts down, with 503 and `Retry-After`, so
 * senders keep them and deliver them to the next instance; syncs under way still finish.
 */
export function refuseWhileDraining(isDraining: () => boolean): Middleware {
  return async (_ctx, next) => {
    if (isDraining()) {
      throw new HttpError('unavailable', 'the service is shutting down; retry later', { closeConnection: true });
    }
    await next();
  };
}

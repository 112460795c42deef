import type { Middleware } from 'koa';
import { HttpError } from './http-error.js';

/**
 * Refuses new notifications while the service shuts down, with 503 and `Retry-After`, so
 * senders keep them and deliver them to the next instance; syncs under way still finish,
 * and their answers close the connection so the server can stop as soon as they are sent.
 */
export function refuseWhileDraining(isDraining: () => boolean): Middleware {
  return async (ctx, next) => {
    if (isDraining()) {
      throw new HttpError('unavailable', 'the service is shutting down; retry later', { closeConnection: true });
    }
    try {
      await next();
    } finally {
      // Kept alive, the sender's connection would hold the closing server open until its idle timeout.
      if (isDraining()) ctx.set('Connection', 'close');
    }
  };
}

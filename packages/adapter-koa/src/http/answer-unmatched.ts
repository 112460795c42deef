import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { HttpError } from './http-error.js';

/**
 * The router's own answer to a path it knows with a method it does not route (405, or 501
 * for a verb no route implements), with its `Allow` header, as an {@link HttpError}: a verb
 * we do not implement is the client's mistake, so both are 405 with a JSON body.
 */
export function refuseOtherMethods(router: Router): Middleware {
  const allowedMethods = router.allowedMethods() as unknown as Middleware;
  return async (ctx, next) => {
    await allowedMethods(ctx, next);
    if (ctx.status === 405 || ctx.status === 501) {
      throw new HttpError('method-not-allowed', `method ${ctx.method} is not allowed here`, { headers: { Allow: ctx.response.get('Allow') } });
    }
  };
}

/**
 * The one final not-found: no route's path matched. A known path with another method, and a
 * verb no route implements, are left to {@link refuseOtherMethods}.
 */
export function answerUnmatched(router: Router): Middleware {
  return (ctx) => {
    if ((ctx as { matched?: readonly unknown[] }).matched?.length || !router.methods.includes(ctx.method)) return;
    throw new HttpError('not-found', 'there is no endpoint at this path');
  };
}

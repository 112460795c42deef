import type { Middleware } from 'koa';
import { tellObserver, type ObservedNotification, type SyncObserver } from '@dtool-notify/domain';

/** The notify route family a request addresses, or `undefined` for any other request. */
function notifyRouteOf(method: string, path: string): ObservedNotification['route'] | undefined {
  if (method === 'POST' && (path === '/webhook/notify' || path.startsWith('/webhook/notify/'))) return 'webhook';
  // Reads under /elastic-search are a sender's probes; its writes and deletes are notifications.
  if (method !== 'GET' && method !== 'HEAD' && path.startsWith('/elastic-search/')) return 'elasticsearch';
  return undefined;
}

/**
 * Tells the observer how each notification was answered. It sits outside the error handler,
 * so it sees the status the sender got, refusals (401, 403, 413, 503) included.
 */
export function observeNotifications(observer: SyncObserver): Middleware {
  return async (ctx, next) => {
    const route = notifyRouteOf(ctx.method, ctx.path);
    if (route === undefined || observer.onNotification === undefined) {
      await next();
      return;
    }
    try {
      await next();
    } finally {
      tellObserver(observer.onNotification, { route, status: ctx.status });
    }
  };
}

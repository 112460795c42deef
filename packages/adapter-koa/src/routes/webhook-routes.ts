import Router from '@koa/router';
import type { Middleware } from 'koa';
import { classifyMediaType, parseWebhookBody } from '@dtool-notify/domain';
import { readBodyText } from '../body/read-body-text.js';
import type { NotificationHandler } from '../notify/notification-handler.js';

/** Options of {@link createWebhookRouter}. */
export interface WebhookRoutesOptions {
  /** Access policy and token check. */
  readonly guard: Middleware;
  readonly refuseWhileDraining: Middleware;
  readonly configAccess: Middleware;
  readonly serveConfig: Middleware;
  readonly handler: NotificationHandler;
  readonly bodyLimitBytes: number;
}

const NOTIFY_PATHS = ['/notify', '/notify/{*rest}'];

/**
 * `POST /webhook/notify[/<anything>]`: S3 event notifications (MinIO, AWS, Ceph), SNS JSON
 * messages and StorageGRID's SNS form posts. `HEAD` on the same paths answers 200 once the
 * guard passes, so a sender's liveness probe (MinIO sends one) sees a working endpoint.
 * `GET /webhook/config`: the effective configuration, for authenticated clients.
 */
export function createWebhookRouter(options: WebhookRoutesOptions): Router {
  const router = new Router({ prefix: '/webhook' });
  router.post(NOTIFY_PATHS, options.guard, options.refuseWhileDraining, async (ctx) => {
    const contentType = ctx.get('Content-Type') || undefined;
    // A media type the parser refuses is refused without reading the body first.
    const body = classifyMediaType(contentType) === 'unsupported' ? '' : await readBodyText(ctx.req, options.bodyLimitBytes);
    const result = parseWebhookBody({ contentType, body });
    ctx.body = await options.handler.handle(result);
  });
  router.head(NOTIFY_PATHS, options.guard, (ctx) => {
    ctx.status = 200;
  });
  router.get('/config', options.configAccess, options.serveConfig);
  return router;
}

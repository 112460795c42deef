import Router from '@koa/router';
import Koa from 'koa';
import { createJwtVerifier } from './auth/jwt-verifier.js';
import { requireConfigAccess } from './auth/require-config-access.js';
import { requireNotifier } from './auth/require-notifier.js';
import { handleErrors } from './http/handle-errors.js';
import { logRequests } from './http/log-requests.js';
import { observeNotifications } from './http/observe-notifications.js';
import { refuseWhileDraining } from './http/refuse-while-draining.js';
import { confirmSubscriptionByFetch } from './notify/confirm-subscription.js';
import { createNotificationHandler } from './notify/notification-handler.js';
import { DEFAULT_BODY_LIMIT_BYTES, DEFAULT_RETRY_AFTER_SECONDS, type NotifyAppOptions } from './notify-app-options.js';
import { serveConfig } from './routes/config-route.js';
import { answerUnmatched, refuseOtherMethods } from './http/answer-unmatched.js';
import { createElasticsearchRouter } from './routes/elasticsearch-routes.js';
import { createHealthRouter } from './routes/health-routes.js';
import { createObservabilityRouter } from './routes/observability-routes.js';
import { createWebhookRouter } from './routes/webhook-routes.js';

/**
 * Creates the Koa application serving the notify routes (`/webhook/...`,
 * `/elastic-search/...`), the config routes, `/health` (open), `/ready` and, when pages are
 * given, `/metrics` and `/status` (these three guarded as the notify routes); without the
 * notify and config routes when `notifyRoutes` is false. Throws when the
 * JWT public key is not an RSA public key. The caller listens (`app.callback()` or
 * `app.listen`) and owns server timeouts.
 */
export function createNotifyApp(options: NotifyAppOptions): Koa {
  const { logger } = options;
  const retryAfterSeconds = options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS;
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const isDraining = options.isDraining ?? (() => false);
  const observer = options.observer ?? {};
  const verifyJwt = options.jwtPublicKey === undefined ? undefined : createJwtVerifier(options.jwtPublicKey);
  const baseUriOf = (bucket: string): string | undefined => options.bucketToBaseUri.get(bucket);
  const handler = createNotificationHandler({
    synchronizer: options.synchronizer,
    baseUriOf,
    logger,
    allowedTopicArns: options.allowedTopicArns ?? [],
    confirmSubscription: options.confirmSubscription ?? confirmSubscriptionByFetch,
    observer,
  });
  const guard = requireNotifier({
    accessPolicy: options.accessPolicy,
    logger,
    ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
  });
  const routeOptions = {
    guard,
    refuseWhileDraining: refuseWhileDraining(isDraining),
    configAccess: requireConfigAccess({
      ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
      ...(verifyJwt === undefined ? {} : { verifyJwt }),
    }),
    serveConfig: serveConfig(options.effectiveConfig),
    handler,
    bodyLimitBytes,
    buckets: [...options.bucketToBaseUri.keys()],
    baseUriOf,
    isIndexed: options.isIndexed,
    logger,
  };

  // Each route module builds its router, under its own prefix, from its own dependencies.
  const router = new Router();
  const routers = [createHealthRouter({ guard, readiness: options.readiness, isDraining, logger })];
  if (options.notifyRoutes ?? true) routers.push(createWebhookRouter(routeOptions), createElasticsearchRouter(routeOptions));
  if (options.observabilityPages !== undefined) routers.push(createObservabilityRouter({ guard, pages: options.observabilityPages }));
  for (const routes of routers) {
    router.use(routes.routes());
  }

  const app = new Koa();
  app.use(logRequests(logger));
  app.use(observeNotifications(observer));
  app.use(handleErrors({ logger, retryAfterSeconds }));
  app.use(router.routes());
  app.use(refuseOtherMethods(router));
  app.use(answerUnmatched(router));
  // Every error is answered by handleErrors; this only sees failures while writing a response.
  app.on('error', (error: unknown) => {
    logger.warn({ event: 'response-error', error: error instanceof Error ? error.message : String(error) }, 'failed to send a response');
  });
  return app;
}

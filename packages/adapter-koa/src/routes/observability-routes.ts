import Router from '@koa/router';
import type { Middleware } from 'koa';

/** The Prometheus exposition and the status page, rendered by the composition root's observer. */
export interface ObservabilityPages {
  /** The metrics in the Prometheus text format, with their content type. */
  readonly metrics: () => Promise<{ readonly contentType: string; readonly body: string }>;
  /** The status page: one complete HTML document. */
  readonly statusPage: () => Promise<string>;
}

/** Options of {@link createObservabilityRouter}. */
export interface ObservabilityRoutesOptions {
  /** The notify routes' guard (allow-list, then token): the pages name buckets and datasets. */
  readonly guard: Middleware;
  readonly pages: ObservabilityPages;
}

// The page carries no script and loads nothing: this policy keeps it that way.
const STATUS_PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** `GET /metrics` (Prometheus text format) and `GET /status` (HTML), behind the notify guard. */
export function createObservabilityRouter(options: ObservabilityRoutesOptions): Router {
  const router = new Router();
  router.get('/metrics', options.guard, async (ctx) => {
    const { contentType, body } = await options.pages.metrics();
    ctx.type = contentType;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = body;
  });
  router.get('/status', options.guard, async (ctx) => {
    const page = await options.pages.statusPage();
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.set('Content-Security-Policy', STATUS_PAGE_POLICY);
    ctx.body = page;
  });
  return router;
}

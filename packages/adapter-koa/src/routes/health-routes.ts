import Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Logger } from '@dtool-notify/domain';
import { HttpError } from '../http/http-error.js';

/** One dependency's readiness. */
export interface ReadinessCheck {
  readonly ok: boolean;
  /** What failed, safe to show (no URIs with credentials). */
  readonly detail?: string;
}

/** Whether the service can do its work now: MongoDB and each configured S3 endpoint answer. */
export interface ReadinessReport {
  readonly ready: boolean;
  readonly checks: Readonly<Record<string, ReadinessCheck>>;
}

/** Options of {@link createHealthRouter}. */
export interface HealthRoutesOptions {
  /** The notify routes' guard (allow-list, then token): `/ready` names the buckets and costs backend requests. */
  readonly guard: Middleware;
  readonly readiness: () => Promise<ReadinessReport>;
  readonly isDraining: () => boolean;
  readonly logger: Logger;
}

/**
 * `GET /health`: the process answers, to anyone, and says nothing else. `GET /ready`: its
 * backends answer (200, else 503), for those who may notify only: it lists the buckets and
 * costs a MongoDB ping and a request per bucket.
 */
export function createHealthRouter(options: HealthRoutesOptions): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', options.guard, async (ctx) => {
    if (options.isDraining()) {
      throw new HttpError('unavailable', 'the service is shutting down', { body: { ready: false, draining: true } });
    }
    let report: ReadinessReport;
    try {
      report = await options.readiness();
    } catch (error) {
      options.logger.error({ event: 'readiness-failed', error: error instanceof Error ? error.message : String(error) }, 'readiness check failed');
      throw new HttpError('unavailable', 'the readiness check failed', { body: { ready: false } });
    }
    if (!report.ready) throw new HttpError('unavailable', 'not ready', { body: { ...report } });
    ctx.body = report;
  });
  return router;
}

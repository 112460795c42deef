import Router from '@koa/router';
import compose from 'koa-compose';
import type { Context } from 'koa';
import { classifyMediaType, parseStorageGridSearchRequest, type BaseUriOf, type Logger, type ParseResult } from '@dtool-notify/domain';
import { parseJsonBody } from '../body/parse-json-body.js';
import { readBodyText } from '../body/read-body-text.js';
import { createDocumentKeyCache } from '../elasticsearch/document-key-cache.js';
import {
  CLUSTER_HEALTH,
  CLUSTER_INFO,
  ELASTIC_PRODUCT_HEADER,
  createdIndex,
  describedIndex,
  resolvedIndex,
} from '../elasticsearch/elasticsearch-responses.js';
import { ELASTICSEARCH_METHODS, routeElasticsearchPath, type ElasticsearchRoute } from '../elasticsearch/elasticsearch-route.js';
import { createMinioDocuments } from '../elasticsearch/minio-documents.js';
import { preferIndexedBuckets, type IsIndexed } from '../elasticsearch/prefer-indexed-buckets.js';
import { HttpError } from '../http/http-error.js';
import type { WebhookRoutesOptions } from './webhook-routes.js';

/** Options of {@link createElasticsearchRouter}. */
export interface ElasticsearchRoutesOptions extends WebhookRoutesOptions {
  /** The configured buckets, to split StorageGRID's `<bucket>_<key>` document ids. */
  readonly buckets: readonly string[];
  readonly baseUriOf: BaseUriOf;
  readonly isIndexed: IsIndexed;
  readonly logger: Logger;
}

const PREFIX = '/elastic-search';

/** The end of a composed chain: its last middleware answers. */
const endOfChain = async (): Promise<void> => undefined;

/**
 * Everything under `/elastic-search`: StorageGRID's search integration
 * (`<index>/<type>/<bucket>_<key>`), MinIO's Elasticsearch target (cluster info and ping,
 * index resolution and creation, `<index>/_doc[/<id>]` documents) and `GET /config`.
 * Paths are routed here rather than by the router because object keys contain `/`.
 */
export function createElasticsearchRouter(options: ElasticsearchRoutesOptions): Router {
  const minio = createMinioDocuments(options.handler, createDocumentKeyCache(), options.logger);

  const readJson = async (ctx: Context): Promise<unknown> => {
    const contentType = ctx.get('Content-Type');
    if (classifyMediaType(contentType) !== 'json') {
      throw new HttpError('unsupported-media-type', 'Elasticsearch documents must be sent as application/json');
    }
    return parseJsonBody(await readBodyText(ctx.req, options.bodyLimitBytes));
  };

  const answerDocument = async (ctx: Context, route: ElasticsearchRoute): Promise<void> => {
    if (route.kind === 'minio-document') {
      if (ctx.method === 'HEAD') {
        // MinIO sends its DELETE only after HEAD says the document exists.
        ctx.status = 200;
        return;
      }
      if (route.id === undefined && ctx.method !== 'POST') throw methodNotAllowed(ctx.method, ['POST', 'HEAD']);
      const answer =
        ctx.method === 'DELETE' && route.id !== undefined
          ? await minio.delete(route.index, route.id)
          : await minio.index(route.index, route.id, await readJson(ctx));
      ctx.status = answer.status;
      ctx.body = answer.body;
      return;
    }
    if (route.kind === 'storagegrid-document') {
      const body = ctx.method === 'DELETE' ? undefined : await readJson(ctx);
      const path = ctx.path.slice(PREFIX.length);
      const parsed = parseStorageGridSearchRequest({ method: ctx.method, path, ...(body === undefined ? {} : { body }) }, options.buckets);
      // One request names one object: several records are the buckets an ambiguous path could name.
      const result: ParseResult =
        parsed.kind === 'records' && parsed.records.length > 1
          ? { kind: 'records', records: await preferIndexedBuckets(parsed.records, options.baseUriOf, options.isIndexed) }
          : parsed;
      ctx.body = await options.handler.handle(result);
    }
  };

  const answer = async (ctx: Context, route: ElasticsearchRoute): Promise<void> => {
    switch (route.kind) {
      case 'info':
        ctx.body = CLUSTER_INFO;
        return;
      case 'cluster-health':
        ctx.body = CLUSTER_HEALTH;
        return;
      case 'resolve-index':
        ctx.body = resolvedIndex(route.index);
        return;
      case 'index':
        // Settings and mappings sent with PUT mean nothing here; the body is read only to bound it.
        if (ctx.method === 'PUT') await readBodyText(ctx.req, options.bodyLimitBytes);
        ctx.body = ctx.method === 'PUT' ? createdIndex(route.index) : describedIndex(route.index);
        return;
      default:
        await compose([options.refuseWhileDraining, (documentCtx: Context) => answerDocument(documentCtx, route)])(ctx, endOfChain);
    }
  };

  const readConfig = compose([options.configAccess, options.serveConfig]);
  const router = new Router({ prefix: PREFIX });

  router.all(['/', '/{*path}'], async (ctx) => {
    const route = routeElasticsearchPath(ctx.path.slice(PREFIX.length));
    if (route.kind === 'malformed') throw new HttpError('malformed', route.reason);
    if (route.kind === 'not-found') throw new HttpError('not-found', `no Elasticsearch endpoint at ${truncate(ctx.path)}`);
    const methods = ELASTICSEARCH_METHODS[route.kind];
    if (!methods.includes(ctx.method)) throw methodNotAllowed(ctx.method, methods);
    if (route.kind === 'config') {
      await readConfig(ctx, endOfChain);
      return;
    }
    ctx.set(ELASTIC_PRODUCT_HEADER);
    await compose([options.guard, (guardedCtx: Context) => answer(guardedCtx, route)])(ctx, endOfChain);
  });
  return router;
}

function methodNotAllowed(method: string, allowed: readonly string[]): HttpError {
  return new HttpError('method-not-allowed', `method ${method} is not allowed here`, { headers: { Allow: allowed.join(', ') } });
}

function truncate(text: string, length = 200): string {
  return text.length <= length ? text : `${text.slice(0, length)}…`;
}

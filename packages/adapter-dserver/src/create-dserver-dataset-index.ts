import { silentLogger, type DatasetDocument } from '@dtool-notify/domain';
import { createDserverHttp, type DserverHttp, type DserverResponse } from './dserver-http.js';
import { toDserverError } from './dserver-failure.js';
import { createInProcessSyncTickets } from './in-process-sync-tickets.js';
import type { DserverDatasetIndex, DserverDatasetIndexOptions, DserverReadiness } from './dserver-dataset-index.js';
import { checkPermissions } from './check-permissions.js';
import { createOneAtATimePerKey } from './one-at-a-time-per-key.js';
import { registeredForm, toRegistration } from './registration.js';
import { createTokenSource } from './token-source.js';
import { uriPath } from './uri-path.js';

/** flask-smorest's largest page. */
const PAGE_SIZE = 100;

interface Pagination {
  readonly total_pages?: number;
}

const json = <T>(response: DserverResponse): T => JSON.parse(response.body) as T;

/** `GET` a route that answers 404 for an unknown dataset: the parsed body, or `undefined`. */
async function getOrUndefined<T>(http: DserverHttp, path: string, operation: string): Promise<T | undefined> {
  const response = await http.send({ method: 'GET', path });
  if (response.status === 404) return undefined;
  if (response.status !== 200) throw toDserverError(response, operation);
  return json<T>(response);
}

interface SqlDataset {
  readonly uri: string;
  readonly base_uri: string;
  readonly uuid: string;
  readonly name: string;
  readonly creator_username: string;
  readonly created_at: number;
  readonly frozen_at: number;
  readonly number_of_items: number;
  readonly size_in_bytes: number;
}

const dateOf = (seconds: number): Date => new Date(Math.round(seconds * 1000));

/**
 * Creates the index over dserver's REST API and checks once, at start-up, that the token is
 * accepted and its user may search and register on every base URI: a problem is logged as
 * one error line (and `checkReadiness` keeps reporting it); an unreachable dserver as a
 * warning. Never throws: dserver may come up after the service.
 *
 * Registrations and removals of one URI go one at a time (dserver races itself otherwise).
 * upsert = `PUT /uris/<uri>` (201 created, 200 replaced), delete = `DELETE /uris/<uri>`
 * (after `GET`, to say whether it existed), exists = `GET /uris/<uri>`, listing = `GET /uris`
 * page by page, kept to the base URI. Look-ups and listing read dserver's own registry (its
 * SQL table), not the search plugin: dserver-search-plugin-mongo 0.4.2 has no
 * `delete_dataset`, so its search results keep removed datasets. A found document is what
 * dserver's routes give back (see `registeredForm`).
 */
export async function createDserverDatasetIndex(options: DserverDatasetIndexOptions): Promise<DserverDatasetIndex> {
  const { settings } = options;
  const logger = options.logger ?? silentLogger;
  const http = createDserverHttp({
    url: settings.url,
    token: createTokenSource(settings.credentials),
    requestTimeoutMs: settings.requestTimeoutMs,
    maxConcurrentRequests: settings.maxConcurrentRequests,
  });

  const oneAtATime = createOneAtATimePerKey();

  const findByUri = async (uri: string): Promise<DatasetDocument | undefined> => {
    const path = uriPath(uri);
    const operation = `look-up of ${uri}`;
    const dataset = await getOrUndefined<SqlDataset>(http, `/uris${path}`, operation);
    if (dataset === undefined) return undefined;
    const [readme, manifest, annotations, tags] = await Promise.all([
      getOrUndefined<{ readme: string }>(http, `/readmes${path}`, operation),
      getOrUndefined<{ items: DatasetDocument['manifest']['items'] }>(http, `/manifests${path}`, operation),
      getOrUndefined<{ annotations: Record<string, string> }>(http, `/annotations${path}`, operation),
      getOrUndefined<{ tags: string[] }>(http, `/tags${path}`, operation),
    ]);
    // Deleted between the calls.
    if (readme === undefined || manifest === undefined || annotations === undefined || tags === undefined) return undefined;
    return {
      uri: dataset.uri,
      base_uri: dataset.base_uri,
      uuid: dataset.uuid,
      name: dataset.name,
      type: 'dataset',
      creator_username: dataset.creator_username,
      created_at: dateOf(dataset.created_at),
      frozen_at: dateOf(dataset.frozen_at),
      readme: readme.readme,
      manifest,
      annotations: annotations.annotations,
      tags: tags.tags,
      number_of_items: dataset.number_of_items,
      size_in_bytes: dataset.size_in_bytes,
    };
  };

  const exists = async (uri: string): Promise<boolean> =>
    (await getOrUndefined<SqlDataset>(http, `/uris${uriPath(uri)}`, `look-up of ${uri}`)) !== undefined;

  /** Readiness, and whether a failure is the operator's to fix (rather than dserver being away). */
  const probe = async (): Promise<DserverReadiness & { readonly misconfigured?: boolean }> => {
    try {
      const me = await http.send({ method: 'GET', path: '/me' });
      if (me.status !== 200) {
        const error = toDserverError(me, 'GET /me');
        return { ready: false, reason: error.message, misconfigured: error.code !== 'retryable' };
      }
      const permissions = checkPermissions(json(me), options.baseUris);
      return permissions.ready ? permissions : { ...permissions, misconfigured: true };
    } catch (error) {
      return { ready: false, reason: error instanceof Error ? error.message : String(error) };
    }
  };
  const checkReadiness = async (): Promise<DserverReadiness> => {
    const readiness = await probe();
    return readiness.ready ? { ready: true } : { ready: false, reason: readiness.reason };
  };

  const atStart = await probe();
  const where = { event: atStart.ready ? 'index-ready' : 'index-not-ready', index: 'dserver', url: settings.url };
  if (atStart.ready) logger.info(where, 'dataset index ready (dserver)');
  else if (atStart.misconfigured === true) logger.error({ ...where, reason: atStart.reason }, `dserver cannot be used: ${atStart.reason}`);
  else logger.warn({ ...where, reason: atStart.reason }, `dserver is not reachable yet: ${atStart.reason}`);

  return {
    ...(options.syncTickets ?? createInProcessSyncTickets()),
    upsert: (document) =>
      oneAtATime(document.uri, async () => {
        const response = await http.send({ method: 'PUT', path: `/uris${uriPath(document.uri)}`, json: toRegistration(document) });
        if (response.status !== 200 && response.status !== 201) throw toDserverError(response, `registration of ${document.uri}`);
      }),
    deleteByUri: (uri) =>
      oneAtATime(uri, async () => {
        if (!(await exists(uri))) return false;
        const response = await http.send({ method: 'DELETE', path: `/uris${uriPath(uri)}` });
        if (response.status !== 200) throw toDserverError(response, `removal of ${uri}`);
        return true;
      }),
    findByUri,
    exists,
    keptForm: registeredForm,
    findByBaseUriAndUuid: (baseUri, uuid) => findByUri(`${baseUri}/${uuid}`),
    async listUris(baseUri) {
      const uris: string[] = [];
      for (let page = 1, pages = 1; page <= pages; page += 1) {
        const response = await http.send({ method: 'GET', path: `/uris?page=${page}&page_size=${PAGE_SIZE}&sort=uri` });
        if (response.status !== 200) throw toDserverError(response, `listing of base URI ${baseUri}`);
        for (const dataset of json<SqlDataset[]>(response)) if (dataset.base_uri === baseUri) uris.push(dataset.uri);
        const pagination = JSON.parse(String(response.headers['x-pagination'] ?? '{}')) as Pagination;
        pages = pagination.total_pages ?? 1;
      }
      // A dataset registered or removed between two pages may shift the others by one: listing
      // is for reconciling, where a second run settles it.
      return [...new Set(uris)];
    },
    checkReadiness,
    stats: () => ({ writes: http.sent.PUT + http.sent.DELETE, reads: http.sent.GET + http.sent.POST, requestsByMethod: { ...http.sent } }),
    close: async () => http.close(),
  };
}

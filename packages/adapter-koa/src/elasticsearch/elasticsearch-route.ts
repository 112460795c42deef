/** What a request under `/elastic-search` addresses, by its path alone. */
export type ElasticsearchRoute =
  /** `/`: the cluster info Elasticsearch clients probe first (and `HEAD /`, their ping). */
  | { readonly kind: 'info' }
  | { readonly kind: 'config' }
  | { readonly kind: 'cluster-health' }
  | { readonly kind: 'resolve-index'; readonly index: string }
  /** `/<index>`: create (PUT) or test (HEAD, GET) an index. */
  | { readonly kind: 'index'; readonly index: string }
  /** MinIO's Elasticsearch target: `<index>/_doc` (access format) or `<index>/_doc/<id>` (namespace format). */
  | { readonly kind: 'minio-document'; readonly index: string; readonly id?: string }
  /** StorageGRID's search integration: `<index>/<type>/<bucket>_<key>`. */
  | { readonly kind: 'storagegrid-document'; readonly index: string; readonly type: string; readonly documentId: string }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'malformed'; readonly reason: string };

/** The methods each route answers. */
export const ELASTICSEARCH_METHODS: Readonly<Record<ElasticsearchRoute['kind'], readonly string[]>> = {
  info: ['GET', 'HEAD'],
  config: ['GET', 'HEAD'],
  'cluster-health': ['GET', 'HEAD'],
  'resolve-index': ['GET', 'HEAD'],
  index: ['PUT', 'GET', 'HEAD'],
  'minio-document': ['POST', 'PUT', 'HEAD', 'DELETE'],
  'storagegrid-document': ['PUT', 'POST', 'DELETE'],
  'not-found': [],
  malformed: [],
};

/** A namespace document id as MinIO makes it: URL-safe base64 of a 32-byte HighwayHash, padded. */
const MINIO_DOCUMENT_ID = /^[A-Za-z0-9_-]{43}=$/;

/**
 * Routes a path below `/elastic-search` (raw, still percent-encoded). Object keys may
 * contain `/`, so a StorageGRID document id is everything after `<index>/<type>/`. A
 * StorageGRID endpoint may use the type `_doc` too; its ids then still differ from MinIO's
 * (which are 44-character hashes), so the id's shape tells the two apart.
 */
export function routeElasticsearchPath(rawPath: string): ElasticsearchRoute {
  const raw = rawPath.replace(/^\/+/, '').split('/');
  const segments: string[] = [];
  for (const segment of raw) {
    try {
      segments.push(decodeURIComponent(segment));
    } catch {
      return { kind: 'malformed', reason: 'the path has a malformed percent-escape' };
    }
  }
  // `/x/` is `/x` for the short Elasticsearch API paths; keys of documents keep every slash.
  if (segments.length <= 3 && segments.length > 0 && segments.at(-1) === '') segments.pop();
  const [first, second, third, ...rest] = segments;
  if (first === undefined) return { kind: 'info' };
  if (first.startsWith('_')) return routeApi(first, second, third, rest);
  if (second === undefined) return first === 'config' ? { kind: 'config' } : { kind: 'index', index: first };
  if (second === '_doc' && third === undefined && rest.length === 0) return { kind: 'minio-document', index: first };
  if (second === '_doc' && third !== undefined && rest.length === 0 && MINIO_DOCUMENT_ID.test(third)) {
    return { kind: 'minio-document', index: first, id: third };
  }
  if (third === undefined || (second.startsWith('_') && second !== '_doc')) return { kind: 'not-found' };
  const documentId = [third, ...rest].join('/');
  return documentId === '' ? { kind: 'not-found' } : { kind: 'storagegrid-document', index: first, type: second, documentId };
}

function routeApi(first: string, second: string | undefined, third: string | undefined, rest: readonly string[]): ElasticsearchRoute {
  if (first === '_cluster' && second === 'health' && rest.length === 0) return { kind: 'cluster-health' };
  if (first === '_resolve' && second === 'index' && third !== undefined && third !== '' && rest.length === 0) {
    return { kind: 'resolve-index', index: third };
  }
  return { kind: 'not-found' };
}

/**
 * The Elasticsearch 7 answers MinIO's Elasticsearch target needs to accept us as a cluster.
 * Its go-elasticsearch client reads `version.number` of `GET /` (7 or later: the v7 client)
 * and checks `X-Elastic-Product: Elasticsearch` on the first successful response (older
 * clients check `tagline` and `build_flavor` instead); then `GET /_resolve/index/<index>`
 * must list `indices` (an array: MinIO type-asserts it), else it sends `PUT /<index>`.
 */
export const ELASTIC_PRODUCT_HEADER = { 'X-Elastic-Product': 'Elasticsearch' } as const;

const NAME = 'dtool-notify';

/** `GET /`. */
export const CLUSTER_INFO = {
  name: NAME,
  cluster_name: NAME,
  version: {
    number: '7.17.0',
    build_flavor: 'default',
    lucene_version: '8.11.1',
    minimum_wire_compatibility_version: '6.8.0',
    minimum_index_compatibility_version: '6.0.0-beta1',
  },
  tagline: 'You Know, for Search',
} as const;

/** `GET /_cluster/health`. */
export const CLUSTER_HEALTH = {
  cluster_name: NAME,
  status: 'green',
  timed_out: false,
  number_of_nodes: 1,
  number_of_data_nodes: 1,
  active_primary_shards: 0,
  active_shards: 0,
  relocating_shards: 0,
  initializing_shards: 0,
  unassigned_shards: 0,
} as const;

/** `GET /_resolve/index/<index>`: every index exists, so MinIO need not create it. */
export function resolvedIndex(index: string): Readonly<Record<string, unknown>> {
  return { indices: [{ name: index, attributes: ['open'] }], aliases: [], data_streams: [] };
}

/** `PUT /<index>`. */
export function createdIndex(index: string): Readonly<Record<string, unknown>> {
  return { acknowledged: true, shards_acknowledged: true, index };
}

/** `GET /<index>`: an index without mappings. */
export function describedIndex(index: string): Readonly<Record<string, unknown>> {
  return { [index]: { aliases: {}, mappings: {}, settings: { index: { number_of_shards: '1', number_of_replicas: '0' } } } };
}

/** The document API's answer to an index or delete request. */
export function documentResult(index: string, id: string, result: 'created' | 'deleted'): Readonly<Record<string, unknown>> {
  return {
    _index: index,
    _type: '_doc',
    _id: id,
    _version: 1,
    result,
    _shards: { total: 1, successful: 1, failed: 0 },
    _seq_no: 0,
    _primary_term: 1,
  };
}

import * as v from 'valibot';
import type { ObjectEvent } from '../../model/object-event.js';
import { reject, type ParseResult } from '../../model/parse-result.js';
import { decodePathComponent } from '../encoding/decode-component.js';
import { describeIssues } from '../parsed.js';
import { quote } from '../quote.js';

/** A request StorageGRID's search integration sent to `/elastic-search/...`. */
export interface SearchIntegrationRequest {
  readonly method: string;
  /** The path after `/elastic-search/`, as received: `<index>/<type>/<bucket>_<key>`, percent-encoded. */
  readonly path: string;
  /** The JSON document of a PUT/POST (`{bucket, key, size, md5, metadata, tags}`), when there is one. */
  readonly body?: unknown;
}

const documentSchema = v.looseObject(
  {
    bucket: v.exactOptional(v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'))),
    key: v.exactOptional(v.pipe(v.string('must be a string'), v.nonEmpty('must not be empty'))),
  },
  'must be an object',
);

/**
 * Parses a StorageGRID search-integration request: PUT/POST of `<index>/<type>/<bucket>_<key>`
 * means the object was written, DELETE that it was removed; GET and HEAD need no work. When
 * the body names both `bucket` and `key` (StorageGRID's PUTs do), they decide. Otherwise the
 * percent-decoded document id does, and legacy bucket names may hold `_`: with buckets `rtq`
 * and `rtq_b`, `rtq_b_x/k` is key `b_x/k` of `rtq` or key `x/k` of `rtq_b`. Such a path gives
 * one record per configured bucket it could name, longest bucket first, for the caller to
 * narrow (see the HTTP adapter: the bucket whose index holds the dataset); each is a mere
 * hint, as storage decides what a sync does. An unconfigured bucket gives an ignored record.
 * Never throws.
 */
export function parseStorageGridSearchRequest(request: SearchIntegrationRequest, buckets: readonly string[]): ParseResult {
  const method = request.method.toUpperCase();
  if (method === 'GET' || method === 'HEAD') return { kind: 'acknowledged', reason: `${method} needs no work` };
  if (method !== 'PUT' && method !== 'POST' && method !== 'DELETE') {
    return reject(`method ${quote(request.method, 20)} is not supported; StorageGRID sends PUT, POST and DELETE`);
  }
  const path = request.path.replace(/^\/+/, '');
  const [index = '', type = '', ...idSegments] = path.split('/');
  const rawId = idSegments.join('/');
  if (index === '' || type === '' || rawId === '') return reject(`path ${quote(path)} is not <index>/<type>/<bucket>_<key>`);
  const id = decodePathComponent(rawId);
  if (id === undefined) return reject(`path ${quote(path)} has a malformed percent-escape`);
  const kind = method === 'DELETE' ? 'removed' : 'created';

  // valibot's objects accept arrays, and with every field optional an array would pass as `{}`.
  if (Array.isArray(request.body)) return reject('the document body must be an object, not an array');
  const document = request.body === undefined || request.body === null ? undefined : v.safeParse(documentSchema, request.body);
  if (document !== undefined && !document.success) return reject(`the document body ${describeIssues(document.issues)}`);
  const named = document?.output;
  if (named?.bucket !== undefined && named.key !== undefined) {
    if (!buckets.includes(named.bucket)) {
      const reason = `bucket ${quote(named.bucket)} (from the document at ${quote(path)}) is not configured`;
      return { kind: 'records', records: [{ type: 'ignored', ignored: { reason, bucket: named.bucket, key: named.key } }] };
    }
    return recordOf({ kind, bucket: named.bucket, key: named.key, source: 'storagegrid-search' });
  }

  const prefixes = bucketsNamedBy(id, buckets);
  if (prefixes.length === 0) {
    const reason = `path ${quote(path)} names no configured bucket: its document id must start with "<bucket>_"`;
    return { kind: 'records', records: [{ type: 'ignored', ignored: { reason } }] };
  }
  const candidates = prefixes.filter((bucket) => id.length > bucket.length + 1);
  if (candidates.length === 0) return reject(`path ${quote(path)} names bucket ${quote(prefixes[0] ?? '')} but no object key`);
  return {
    kind: 'records',
    records: candidates.map((bucket) => ({ type: 'event', event: { kind, bucket, key: id.slice(bucket.length + 1), source: 'storagegrid-search' } })),
  };
}

/** The configured buckets `b` such that the id starts with `b_`, longest first. */
function bucketsNamedBy(id: string, buckets: readonly string[]): string[] {
  const named = buckets.filter((bucket) => bucket !== '' && id.startsWith(`${bucket}_`));
  return [...new Set(named)].sort((one, other) => other.length - one.length);
}

function recordOf(event: ObjectEvent): ParseResult {
  return { kind: 'records', records: [{ type: 'event', event }] };
}

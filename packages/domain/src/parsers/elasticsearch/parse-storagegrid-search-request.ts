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
 * means the object was written, DELETE that it was removed; GET and HEAD need no work. The
 * document id is percent-decoded, and its bucket is the longest configured bucket `b` such
 * that the id starts with `b_` (legacy bucket names may contain `_`). When the body names
 * both `bucket` and `key`, they win over the path, which `_` can make ambiguous. An
 * unconfigured bucket gives an ignored record. Never throws.
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

  const bucket = longestBucketPrefix(id, buckets);
  if (bucket === undefined) {
    const reason = `path ${quote(path)} names no configured bucket: its document id must start with "<bucket>_"`;
    return { kind: 'records', records: [{ type: 'ignored', ignored: { reason } }] };
  }
  const key = id.slice(bucket.length + 1);
  if (key === '') return reject(`path ${quote(path)} names bucket ${quote(bucket)} but no object key`);
  return recordOf({ kind, bucket, key, source: 'storagegrid-search' });
}

function longestBucketPrefix(id: string, buckets: readonly string[]): string | undefined {
  let longest: string | undefined;
  for (const bucket of buckets) {
    if (bucket !== '' && id.startsWith(`${bucket}_`) && bucket.length > (longest?.length ?? -1)) longest = bucket;
  }
  return longest;
}

function recordOf(event: ObjectEvent): ParseResult {
  return { kind: 'records', records: [{ type: 'event', event }] };
}

import { createHash } from 'node:crypto';
import { listSortedKeys, sortedIndex, type ListOptions, type ListResult } from './list-objects.js';

/** An object as the store holds it. */
export interface StoredObject {
  readonly key: string;
  readonly body: Uint8Array;
  /** S3 user metadata: names lower-cased, as S3 returns them. */
  readonly metadata: Readonly<Record<string, string>>;
  readonly size: number;
  /** The MD5 of the body in hex, as S3 computes the ETag of a single-part upload. */
  readonly eTag: string;
}

/** What a HEAD request returns: everything but the body. */
export type ObjectHead = Omit<StoredObject, 'body'>;

/** A write or delete, as a bucket notification would report it. */
export interface ObjectChange {
  readonly kind: 'created' | 'removed';
  readonly bucket: string;
  readonly key: string;
  /** The written object's ETag (on `created`), as S3 event notifications carry it. */
  readonly eTag?: string;
}

/** Receives every change; `put`/`delete` resolve once the listener's promise has settled. */
export type ChangeListener = (change: ObjectChange) => void | Promise<void>;

/** Requests served, by kind. */
export interface RequestCounts {
  readonly put: number;
  readonly get: number;
  readonly head: number;
  readonly delete: number;
  readonly list: number;
}

/**
 * An in-memory S3: buckets of objects with user metadata, S3 listing semantics and request
 * counters. Buckets come into being with their first object; reading an unknown bucket finds nothing.
 */
export interface ObjectStore {
  /** Stores (or replaces) an object; a string body is stored as UTF-8. */
  put(bucket: string, key: string, body: Uint8Array | string, metadata?: Readonly<Record<string, string>>): Promise<void>;
  get(bucket: string, key: string): Promise<StoredObject | undefined>;
  head(bucket: string, key: string): Promise<ObjectHead | undefined>;
  /** Deletes an object; resolves to whether it existed. */
  delete(bucket: string, key: string): Promise<boolean>;
  /** One page of keys starting with `prefix`, in S3 order (UTF-8 bytes); see {@link ListOptions}. */
  list(bucket: string, prefix: string, options?: ListOptions): Promise<ListResult>;
  /** Calls `listener` after each put and each delete of an existing object; returns an unsubscribe function. */
  onChange(listener: ChangeListener): () => void;
  /** Every key of a bucket (optionally under a prefix) in S3 order, for assertions; not counted as a request. */
  keys(bucket: string, prefix?: string): string[];
  /** Requests served so far. */
  readonly counts: RequestCounts;
  resetCounts(): void;
}

interface Bucket {
  readonly objects: Map<string, StoredObject>;
  readonly sortedKeys: string[];
}

const encoder = new TextEncoder();

/** Creates an empty {@link ObjectStore}. */
export function createInMemoryObjectStore(): ObjectStore {
  const buckets = new Map<string, Bucket>();
  const listeners = new Set<ChangeListener>();
  let counts = zeroCounts();

  const notify = async (change: ObjectChange): Promise<void> => {
    for (const listener of [...listeners]) await listener(change);
  };
  const bucketNamed = (name: string): Bucket => {
    let bucket = buckets.get(name);
    if (bucket === undefined) {
      bucket = { objects: new Map(), sortedKeys: [] };
      buckets.set(name, bucket);
    }
    return bucket;
  };
  const count = (kind: keyof RequestCounts): void => {
    counts = { ...counts, [kind]: counts[kind] + 1 };
  };

  return {
    async put(bucketName, key, body, metadata = {}) {
      count('put');
      const bucket = bucketNamed(bucketName);
      const bytes = typeof body === 'string' ? encoder.encode(body) : Uint8Array.from(body);
      if (!bucket.objects.has(key)) bucket.sortedKeys.splice(sortedIndex(bucket.sortedKeys, key), 0, key);
      const eTag = createHash('md5').update(bytes).digest('hex');
      bucket.objects.set(key, { key, body: bytes, metadata: lowerCaseNames(metadata), size: bytes.byteLength, eTag });
      await notify({ kind: 'created', bucket: bucketName, key, eTag });
    },
    async get(bucketName, key) {
      count('get');
      const object = buckets.get(bucketName)?.objects.get(key);
      return object === undefined ? undefined : { ...object, body: Uint8Array.from(object.body) };
    },
    async head(bucketName, key) {
      count('head');
      const object = buckets.get(bucketName)?.objects.get(key);
      return object === undefined ? undefined : { key, metadata: object.metadata, size: object.size, eTag: object.eTag };
    },
    async delete(bucketName, key) {
      count('delete');
      const bucket = buckets.get(bucketName);
      if (bucket === undefined || !bucket.objects.delete(key)) return false;
      bucket.sortedKeys.splice(sortedIndex(bucket.sortedKeys, key), 1);
      await notify({ kind: 'removed', bucket: bucketName, key });
      return true;
    },
    async list(bucketName, prefix, options) {
      count('list');
      const bucket = buckets.get(bucketName);
      if (bucket === undefined) return { objects: [], commonPrefixes: [], isTruncated: false };
      return listSortedKeys(bucket.sortedKeys, (key) => bucket.objects.get(key)?.size ?? 0, prefix, options);
    },
    onChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    keys(bucketName, prefix = '') {
      return (buckets.get(bucketName)?.sortedKeys ?? []).filter((key) => key.startsWith(prefix));
    },
    get counts() {
      return counts;
    },
    resetCounts() {
      counts = zeroCounts();
    },
  };
}

function zeroCounts(): RequestCounts {
  return { put: 0, get: 0, head: 0, delete: 0, list: 0 };
}

function lowerCaseNames(metadata: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(metadata).map(([name, value]) => [name.toLowerCase(), value]));
}

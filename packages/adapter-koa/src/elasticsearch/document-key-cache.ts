import { LRUCache } from 'lru-cache';

/** Where an object lives: what a MinIO namespace document id stands for. */
interface ObjectAddress {
  readonly bucket: string;
  readonly key: string;
}

/** A bounded memory of which object each document id was written for. */
export interface DocumentKeyCache {
  remember(id: string, address: ObjectAddress): void;
  /** The object the id was last written for, if still remembered (and marks it recently used). */
  recall(id: string): ObjectAddress | undefined;
  readonly size: number;
}

/**
 * Creates a least-recently-used cache of document id → object. MinIO's `namespace` format
 * DELETEs a document by id only (a hash of bucket and key), so the key can only be known
 * from the PUT that created the document; past `capacity` ids the oldest are forgotten.
 */
export function createDocumentKeyCache(capacity = 100_000): DocumentKeyCache {
  const entries = new LRUCache<string, ObjectAddress>({ max: capacity });
  return {
    remember: (id, address) => {
      entries.set(id, address);
    },
    recall: (id) => entries.get(id),
    get size() {
      return entries.size;
    },
  };
}

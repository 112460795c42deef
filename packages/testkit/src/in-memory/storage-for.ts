import type { DatasetStorage } from '../builders/dataset-storage.js';
import type { ObjectStore } from './object-store.js';

/** One bucket of an in-memory store as a {@link DatasetStorage}, for `writeDataset`. */
export function storageFor(store: ObjectStore, bucket: string): DatasetStorage {
  return {
    bucket,
    put: (object) => store.put(bucket, object.key, object.body, object.metadata ?? {}),
    delete: async (key) => {
      await store.delete(bucket, key);
    },
  };
}

import type { BuiltDataset, DatasetObject } from './dataset-object.js';
import { datasetKeys } from './follow-up-objects.js';

/** One bucket of some storage that datasets can be written to (in memory, or S3 via `@dtool-notify/testkit/s3`). */
export interface DatasetStorage {
  readonly bucket: string;
  put(object: DatasetObject): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Options of {@link writeDataset}. */
export interface WriteDatasetOptions {
  /** Data items written at once (default 1: every object after the previous one). */
  readonly concurrency?: number;
}

/**
 * Writes a built dataset object by object in `dtool copy` order. With `concurrency` > 1 runs
 * of data items are written in parallel, as `dtool copy` uploads them; every other object
 * still waits for the ones before it, so the final `dtool` is always written last.
 */
export async function writeDataset(storage: DatasetStorage, dataset: BuiltDataset, options: WriteDatasetOptions = {}): Promise<void> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 1));
  const objects = dataset.objects;
  let index = 0;
  while (index < objects.length) {
    const object = objects[index] as DatasetObject;
    if (concurrency === 1 || !isDataItem(dataset, object)) {
      await storage.put(object);
      index += 1;
      continue;
    }
    let end = index;
    while (end < objects.length && isDataItem(dataset, objects[end] as DatasetObject)) end += 1;
    await writeInParallel(storage, objects.slice(index, end), concurrency);
    index = end;
  }
}

/** Deletes every object of a dataset, in write order. */
export async function deleteDataset(storage: DatasetStorage, dataset: BuiltDataset): Promise<void> {
  for (const key of datasetKeys(dataset)) await storage.delete(key);
}

function isDataItem(dataset: BuiltDataset, object: DatasetObject): boolean {
  return object.key.startsWith(`${dataset.prefix}${dataset.uuid}/data/`);
}

async function writeInParallel(storage: DatasetStorage, objects: readonly DatasetObject[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < objects.length) {
      const object = objects[next] as DatasetObject;
      next += 1;
      await storage.put(object);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, objects.length) }, worker));
}

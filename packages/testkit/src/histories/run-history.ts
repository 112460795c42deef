import { setTimeout as delay } from 'node:timers/promises';
import { buildDataset } from '../builders/build-dataset.js';
import type { BuiltDataset, DatasetObject } from '../builders/dataset-object.js';
import { writeDataset, type DatasetStorage } from '../builders/dataset-storage.js';
import { annotationObject, datasetKeys, readmeObject, tagObject } from '../builders/follow-up-objects.js';
import type { DatasetHistory } from './dataset-history.js';

/** The dataset a history starts from in `bucket`: 3 items and the history's tags. */
export function datasetOf(history: DatasetHistory, bucket: string): BuiltDataset {
  return buildDataset({ bucket, uuid: history.uuid, prefix: history.prefix, items: 3, tags: history.tags, frozen: history.frozen });
}

/**
 * Uploads the dataset as `dtool copy` does (two items at a time), then applies the history's
 * steps one after another, waiting its pauses between them.
 */
export async function runHistory(storage: DatasetStorage, dataset: BuiltDataset, history: DatasetHistory): Promise<void> {
  await writeDataset(storage, dataset, { concurrency: 2 });
  const written = new Set(datasetKeys(dataset));
  for (const [position, step] of history.steps.entries()) {
    const pause = history.pausesMs[position];
    if (pause !== undefined) await delay(pause);
    if (step.kind === 'delete') {
      for (const key of written) await storage.delete(key);
      continue;
    }
    const object: DatasetObject =
      step.kind === 'readme'
        ? readmeObject(dataset, step.text)
        : step.kind === 'annotate'
          ? annotationObject(dataset, step.name, step.value)
          : tagObject(dataset, step.tag);
    if (step.kind === 'untag') {
      await storage.delete(object.key);
      written.delete(object.key);
    } else {
      await storage.put(object);
      written.add(object.key);
    }
  }
}

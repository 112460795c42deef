import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetKeys,
  datasetLocation,
  storageFor,
  writeDataset,
} from '@dtool-notify/testkit';
import { createSynchronizer } from '@dtool-notify/domain';

const bucket = 'b';
const baseUri = 's3://b';

async function indexedDataset() {
  const store = createInMemoryObjectStore();
  const index = createInMemoryDatasetIndex();
  const synchronizer = createSynchronizer({ index, reader: createInMemoryManifestReader(store) });
  const dataset = buildDataset({ bucket, prefix: 'u/alice/', items: 2 });
  await writeDataset(storageFor(store, bucket), dataset);
  await synchronizer.syncDataset(datasetLocation(dataset, baseUri));
  return { store, index, synchronizer, dataset, uri: `${baseUri}/${dataset.uuid}` };
}

describe('a sync for a prefix where the dataset is not', () => {
  test('keeps the dataset indexed when its registration key names where it is', async () => {
    const world = await indexedDataset();
    // What a README.yml or dtool object written (or deleted) under another prefix leads to.
    const outcome = await world.synchronizer.syncDataset({ bucket, baseUri, uuid: world.dataset.uuid, prefix: 'u/mallory/' });
    expect(outcome).toEqual({ outcome: 'indexed', uri: world.uri });
    expect(world.index.documents().map((document) => document.uri)).toEqual([world.uri]);
  });

  test('still deletes a dataset whose objects are gone, with or without its registration key', async () => {
    const world = await indexedDataset();
    await world.store.delete(bucket, `${world.dataset.prefix}${world.dataset.uuid}/dtool`);
    expect(await world.synchronizer.syncDataset(datasetLocation(world.dataset, baseUri))).toEqual({ outcome: 'deleted', uri: world.uri, existed: true });

    const again = await indexedDataset();
    for (const key of datasetKeys(again.dataset)) await again.store.delete(bucket, key);
    const outcome = await again.synchronizer.syncDataset({ bucket, baseUri, uuid: again.dataset.uuid, prefix: 'u/mallory/' });
    expect(outcome).toEqual({ outcome: 'deleted', uri: again.uri, existed: true });
    expect(again.index.documents()).toEqual([]);
  });
});

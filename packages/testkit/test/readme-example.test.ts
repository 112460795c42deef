// The README's example, kept runnable so the README cannot go stale.
import { createSynchronizer, decideObjectEvent } from '@dtool-notify/domain';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  expectedDocument,
  storageFor,
  writeDataset,
} from '@dtool-notify/testkit';
import { expect, test } from 'vitest';

test('indexes a dataset once its last dtool object is written', async () => {
  const store = createInMemoryObjectStore();
  const reader = createInMemoryManifestReader(store);
  const index = createInMemoryDatasetIndex();
  const synchronizer = createSynchronizer({ index, reader });
  // Deliver a notification after each object is written, as the storage would.
  store.onChange(async (change) => {
    const decision = decideObjectEvent({ ...change, source: 's3-event' }, (bucket) => `s3://${bucket}`);
    if (decision.action === 'sync') await synchronizer.syncDataset(decision.location);
  });

  const dataset = buildDataset({ bucket: 'my-bucket', prefix: 'u/alice/', items: 100, tags: ['raw'] });
  await writeDataset(storageFor(store, 'my-bucket'), dataset);

  expect(index.documents()).toEqual([expectedDocument(dataset, 's3://my-bucket')]);
  expect(reader.counts.datasetReads).toBe(1);
});

import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetLocation,
  storageFor,
  writeDataset,
} from '@dtool-notify/testkit';
import { createSynchronizer } from '@dtool-notify/domain';

describe('a bucket whose storage stalls', () => {
  test('does not hold up syncs of another bucket, however many of its datasets wait', async () => {
    const store = createInMemoryObjectStore();
    // Every request to bucket "slow" hangs, as a storage endpoint that stopped answering.
    const reader = createInMemoryManifestReader(store, {
      beforeRequest: (request) => (request.bucket === 'slow' ? new Promise(() => undefined) : undefined),
    });
    const index = createInMemoryDatasetIndex();
    const synchronizer = createSynchronizer({ index, reader, maxConcurrentSyncs: 8 });
    for (let count = 0; count < 20; count += 1) {
      const stalled = buildDataset({ bucket: 'slow' });
      await writeDataset(storageFor(store, 'slow'), stalled);
      void synchronizer.syncDataset(datasetLocation(stalled, 's3://slow'));
    }
    const healthy = buildDataset({ bucket: 'fast' });
    await writeDataset(storageFor(store, 'fast'), healthy);
    await expect(synchronizer.syncDataset(datasetLocation(healthy, 's3://fast'))).resolves.toMatchObject({ outcome: 'indexed' });
    expect(index.documents().map((document) => document.uuid)).toEqual([healthy.uuid]);
  });
});

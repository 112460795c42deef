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
import { createSynchronizer, type SyncObservation } from '../index.js';

const bucket = 'b';
const baseUri = 's3://b';

describe('createSynchronizer({ onOutcome })', () => {
  test('tells the observer of each sync that read storage, with its outcome and duration', async () => {
    const store = createInMemoryObjectStore();
    const observations: SyncObservation[] = [];
    const synchronizer = createSynchronizer({
      index: createInMemoryDatasetIndex(),
      reader: createInMemoryManifestReader(store),
      onOutcome: (observation) => observations.push(observation),
    });
    const dataset = buildDataset({ bucket, items: 2 });
    await writeDataset(storageFor(store, bucket), dataset);
    await synchronizer.syncDataset(datasetLocation(dataset, baseUri));
    const uri = `${baseUri}/${dataset.uuid}`;
    expect(observations).toEqual([{ uri, durationMs: expect.any(Number), outcome: { outcome: 'indexed', uri } }]);
    expect((observations[0] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
  });

  test('tells the observer of a failed sync, and the sync still fails with its own error', async () => {
    const failure = new Error('storage unavailable');
    const observations: SyncObservation[] = [];
    const synchronizer = createSynchronizer({
      index: createInMemoryDatasetIndex(),
      reader: {
        readAdminMetadata: () => Promise.reject(failure),
        readRegistration: () => Promise.reject(failure),
        readDataset: () => Promise.reject(failure),
        listDatasets: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(failure) }) }),
        countDatasets: () => Promise.reject(failure),
        readFingerprint: () => Promise.reject(failure),
      },
      onOutcome: (observation) => observations.push(observation),
    });
    await expect(synchronizer.syncDataset({ bucket, baseUri, uuid: '1e47c076-3a2b-4f5a-9d0e-0123456789ab' })).rejects.toBe(failure);
    expect(observations).toMatchObject([{ error: failure }]);
  });

  test('a throwing observer never turns a committed sync into a failure', async () => {
    const store = createInMemoryObjectStore();
    const index = createInMemoryDatasetIndex();
    const synchronizer = createSynchronizer({
      index,
      reader: createInMemoryManifestReader(store),
      onOutcome: () => {
        throw new Error('observer bug');
      },
    });
    const dataset = buildDataset({ bucket, items: 1 });
    await writeDataset(storageFor(store, bucket), dataset);
    await expect(synchronizer.syncDataset(datasetLocation(dataset, baseUri))).resolves.toMatchObject({ outcome: 'indexed' });
    expect(index.documents()).toHaveLength(1);
  });
});

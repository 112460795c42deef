import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetKeys,
  storageFor,
  writeDataset,
  type BuiltDataset,
  type ObjectChange,
} from '@dtool-notify/testkit';
import { createSynchronizer, handleNotification, type DatasetDocument, type NotificationRecord } from '@dtool-notify/domain';
import { datasetHistoryArbitrary, expectedHistoryDocument } from '@dtool-notify/testkit/histories';
import { baseUri, bucket, differences, runSimulation } from './simulated-instances.js';

/** Fixed so a failure reproduces; fast-check prints the seed and path of any counterexample. */
const SEED = 1_129_2025;

describe('a random history of many datasets, with its notifications shuffled, duplicated and delayed', () => {
  test.each([
    ['on', true],
    ['off', false],
  ])(
    'leaves the index equal to what the bucket holds, for one service instance or two sharing the index (skip of unindexed datasets %s)',
    async (_name, skip) => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(datasetHistoryArbitrary({ protodatasets: true }), { minLength: 1, maxLength: 5, selector: (history) => history.uuid }),
          fc.constantFrom(1, 2),
          fc.infiniteStream(fc.nat(9)),
          fc.scheduler(),
          async (histories, instances, dice, scheduler) => {
            const result = await runSimulation({ histories, instances, delivery: 'to-every-instance', skipChangesOfUnindexedDatasets: skip, dice, scheduler });
            const model = histories
              .map((history, position) => expectedHistoryDocument(result.datasets[position] as BuiltDataset, history, baseUri))
              .filter((document): document is DatasetDocument => document !== undefined)
              .sort((a, b) => (a.uri < b.uri ? -1 : 1));
            expect(result.truth).toEqual(model);
            expect(result.indexed).toEqual(result.truth);
            expect(differences(result.dryRun)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
          },
        ),
        { seed: SEED, numRuns: 200 },
      );
    },
    60_000,
  );

  test('a late `created` event for a dataset whose dtool object is gone does not bring it back', async () => {
    const store = createInMemoryObjectStore();
    const index = createInMemoryDatasetIndex();
    const synchronizer = createSynchronizer({ index, reader: createInMemoryManifestReader(store) });
    const dataset = buildDataset({ bucket, prefix: 'u/alice/', items: 2, tags: ['raw'] });
    const recordOf = (change: ObjectChange): NotificationRecord => ({ type: 'event', event: { kind: change.kind, bucket: change.bucket, key: change.key, source: 's3-event' } });
    const deliver = (kind: ObjectChange['kind'], keys: readonly string[]) =>
      handleNotification(keys.map((key) => recordOf({ kind, bucket, key })), synchronizer, () => baseUri);
    await writeDataset(storageFor(store, bucket), dataset);
    await deliver('created', [`${dataset.prefix}${dataset.uuid}/dtool`]);
    expect(index.documents()).toHaveLength(1);

    for (const key of datasetKeys(dataset)) await store.delete(bucket, key);
    // The removals are lost; every `created` of the upload arrives late instead.
    const late = await deliver('created', dataset.objects.map((object) => object.key));

    expect(index.documents()).toEqual([]);
    expect(late.retry).toBe(false);
    expect(late.records.filter((record) => record.outcome === 'deleted').length).toBeGreaterThan(0);
    expect(late.records.filter((record) => record.outcome === 'indexed')).toEqual([]);
  });
});

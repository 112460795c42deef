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
  type DatasetStorage,
  type ObjectChange,
  type ObjectStore,
} from '@dtool-notify/testkit';
import {
  createSynchronizer,
  handleNotification,
  readDatasetDocument,
  type DatasetDocument,
  type ManifestReader,
  type NotificationRecord,
} from '@dtool-notify/domain';
import { datasetHistoryArbitrary, datasetOf, expectedHistoryDocument, runHistory } from '@dtool-notify/testkit/histories';

/** Fixed so a failure reproduces; fast-check prints the seed and path of any counterexample. */
const SEED = 1_129_2025;
const bucket = 'b';
const baseUri = 's3://b';
/** What the bucket says each dataset's document is now, read afresh. */
async function bucketTruth(store: ObjectStore, datasets: readonly BuiltDataset[]): Promise<DatasetDocument[]> {
  const reader = createInMemoryManifestReader(store);
  const documents: DatasetDocument[] = [];
  for (const dataset of datasets) {
    const found = await readDatasetDocument(reader, { bucket, baseUri, uuid: dataset.uuid, prefix: dataset.prefix });
    if (found.status === 'document') documents.push(found.document);
  }
  return documents.sort((a, b) => (a.uri < b.uri ? -1 : 1));
}

/** A change as S3 notifies it: with the written object's ETag, which lets a sync be skipped when the index shows it. */
const recordOf = (change: ObjectChange): NotificationRecord => ({
  type: 'event',
  event: { kind: change.kind, bucket: change.bucket, key: change.key, source: 's3-event', ...(change.eTag === undefined ? {} : { eTag: change.eTag }) },
});

describe('a random history of many datasets, with its notifications shuffled, duplicated and delayed', () => {
  test('leaves the index equal to what the bucket holds, for one service instance or two sharing the index', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(datasetHistoryArbitrary({ protodatasets: true }), { minLength: 1, maxLength: 5, selector: (history) => history.uuid }),
        fc.constantFrom(1, 2),
        fc.infiniteStream(fc.nat(9)),
        fc.scheduler(),
        async (histories, instances, dice, scheduler) => {
          const store = createInMemoryObjectStore();
          // Index writes land late, in an order the scheduler picks.
          const index = createInMemoryDatasetIndex({ beforeRequest: () => scheduler.schedule(Promise.resolve(), 'index write') });
          const inMemory = createInMemoryManifestReader(store);
          // Storage answers reach a sync late: it may act on a view that later writes made stale.
          const reader: ManifestReader = {
            readAdminMetadata: (location) => scheduler.schedule(inMemory.readAdminMetadata(location), `admin metadata ${location.uuid}`),
            readDataset: (location, admin) => scheduler.schedule(inMemory.readDataset(location, admin), `dataset ${location.uuid}`),
            listDatasets: (name) => inMemory.listDatasets(name),
            countDatasets: (name) => inMemory.countDatasets(name),
            readFingerprint: (location) => inMemory.readFingerprint(location),
          };
          const synchronizers = Array.from({ length: instances }, () => createSynchronizer({ index, reader, maxConcurrentSyncs: 3 }));

          // Storage notifies each instance of every change after it happened, at a time the
          // scheduler picks, and sometimes twice.
          const deliveries: Promise<unknown>[] = [];
          store.onChange((change) => {
            for (const synchronizer of synchronizers) {
              const copies = dice.next().value < 2 ? 2 : 1;
              for (let copy = 0; copy < copies; copy += 1) {
                deliveries.push(
                  scheduler
                    .schedule(Promise.resolve(recordOf(change)), `deliver ${change.kind} ${change.key}`)
                    .then((record) => handleNotification([record], synchronizer, () => baseUri)),
                );
              }
            }
          });
          // Each dataset's writer waits for the scheduler before every write: uploads interleave.
          const interleaved = storageFor(store, bucket);
          const storage: DatasetStorage = {
            bucket,
            put: async (object) => interleaved.put(await scheduler.schedule(Promise.resolve(object), `put ${object.key}`)),
            delete: async (key) => interleaved.delete(await scheduler.schedule(Promise.resolve(key), `delete ${key}`)),
          };
          const datasets = histories.map((history) => datasetOf(history, bucket));
          const writers = Promise.all(histories.map((history, position) => runHistory(storage, datasets[position] as BuiltDataset, history)));

          await scheduler.waitFor(
            writers
              .then(() => Promise.all(deliveries))
              .then(() => Promise.all(synchronizers.map((synchronizer) => synchronizer.whenIdle()))),
          );

          const truth = await bucketTruth(store, datasets);
          const model = histories
            .map((history, position) => expectedHistoryDocument(datasets[position] as BuiltDataset, history, baseUri))
            .filter((document): document is DatasetDocument => document !== undefined)
            .sort((a, b) => (a.uri < b.uri ? -1 : 1));
          expect(truth).toEqual(model);
          expect(index.documents()).toEqual(truth);
        },
      ),
      { seed: SEED, numRuns: 200 },
    );
  }, 60_000);

  test('a late `created` event for a dataset whose dtool object is gone does not bring it back', async () => {
    const store = createInMemoryObjectStore();
    const index = createInMemoryDatasetIndex();
    const synchronizer = createSynchronizer({ index, reader: createInMemoryManifestReader(store) });
    const dataset = buildDataset({ bucket, prefix: 'u/alice/', items: 2, tags: ['raw'] });
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

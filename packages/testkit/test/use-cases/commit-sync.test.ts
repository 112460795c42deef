import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetKeys,
  datasetLocation,
  readmeObject,
  storageFor,
  writeDataset,
  type IndexRequest,
} from '@dtool-notify/testkit';
import { createSynchronizer, reconcileBucket, type DatasetIndex, type DatasetLocation, type ManifestReader } from '@dtool-notify/domain';

/** One sync through the public use case: the commit protocol (ticket, read, write, verify) is all it does. */
const commitSync = (index: DatasetIndex, reader: ManifestReader, location: DatasetLocation) => createSynchronizer({ index, reader }).syncDataset(location);

const bucket = 'b';
const baseUri = 's3://b';

/** A world where `onFirstUpsert` runs once, after the first upsert reached the index and before the sync verifies it. */
async function world(onFirstUpsert?: (helpers: { takeTicket: () => Promise<unknown> }) => Promise<void>) {
  const store = createInMemoryObjectStore();
  const dataset = buildDataset({ bucket, prefix: 'u/a/', items: 2, readme: 'v: 1\n' });
  await writeDataset(storageFor(store, bucket), dataset);
  let upserts = 0;
  let pending: (() => Promise<void>) | undefined;
  const index = createInMemoryDatasetIndex({
    beforeRequest: async (request: IndexRequest) => {
      // The hook runs before the operation: the ticket look-up that follows an upsert is where
      // "after the write, before the verification" is.
      if (request.operation === 'upsert') upserts += 1;
      if (request.operation === 'ticket' && upserts === 1 && pending !== undefined) {
        const run = pending;
        pending = undefined;
        await run();
      }
    },
  });
  if (onFirstUpsert !== undefined) pending = () => onFirstUpsert({ takeTicket: () => index.takeSyncTicket(`${baseUri}/${dataset.uuid}`) });
  const reader = createInMemoryManifestReader(store);
  return { store, dataset, index, reader, location: datasetLocation(dataset, baseUri) };
}

describe('a sync commits by ticket (commit-sync.ts through createSynchronizer)', () => {
  test('alone: one ticket, one read, one write, one look at the latest ticket, and the ticket released', async () => {
    const { index, reader, location, dataset } = await world();
    const uri = `${baseUri}/${dataset.uuid}`;
    expect(await commitSync(index, reader, location)).toEqual({ outcome: 'indexed', uri });
    expect(index.counts).toMatchObject({ upserts: 1, tickets: 3 });
    expect(reader.counts.datasetReads).toBe(1);
    // The index keeps tickets only while syncs are in flight.
    expect(await index.latestSyncTicket(uri)).toBeUndefined();
  });

  test('a sync that read twice, as another instance looked meanwhile, releases the ticket of its last round', async () => {
    const setup = await world(async ({ takeTicket }) => {
      await takeTicket();
    });
    const uri = `${baseUri}/${setup.dataset.uuid}`;
    expect(await commitSync(setup.index, setup.reader, setup.location)).toEqual({ outcome: 'indexed', uri });
    expect(setup.reader.counts.datasetReads).toBe(2);
    expect(await setup.index.latestSyncTicket(uri)).toBeUndefined();
  });

  test('deletes again a dataset removed while its late write was on the way (issue 10 item 12)', async () => {
    const setup = await world(async ({ takeTicket }) => {
      // Another instance saw the removal, took its ticket and deleted (before our write landed).
      for (const key of datasetKeys(setup.dataset)) await setup.store.delete(bucket, key);
      await takeTicket();
    });
    const outcome = await commitSync(setup.index, setup.reader, setup.location);
    expect(outcome).toMatchObject({ outcome: 'deleted' });
    expect(setup.index.documents()).toEqual([]);
  });

  test('writes the newer version over its own older one when storage changed meanwhile', async () => {
    const setup = await world(async ({ takeTicket }) => {
      const object = readmeObject(setup.dataset, 'v: 2\n');
      await setup.store.put(bucket, object.key, object.body, object.metadata ?? {});
      await takeTicket();
    });
    await commitSync(setup.index, setup.reader, setup.location);
    expect(setup.index.documents()[0]?.readme).toBe('v: 2\n');
    expect(setup.index.counts.upserts).toBe(2);
  });

  test('reads again but does not write again when storage still says what it wrote', async () => {
    const setup = await world(async ({ takeTicket }) => {
      await takeTicket();
    });
    await commitSync(setup.index, setup.reader, setup.location);
    expect(setup.index.counts.upserts).toBe(1);
    expect(setup.reader.counts.datasetReads).toBe(2);
  });

  test('dtool-notify sync follows the same protocol: its late write does not bring back a dataset deleted meanwhile', async () => {
    const setup = await world(async ({ takeTicket }) => {
      for (const key of datasetKeys(setup.dataset)) await setup.store.delete(bucket, key);
      await takeTicket();
    });
    const report = await reconcileBucket({ reader: setup.reader, index: setup.index, bucket, baseUri, prune: true });
    expect(report.counts.added).toBe(1);
    expect(setup.index.documents()).toEqual([]);
  });

  test('dtool-notify sync releases the tickets it took: none is left once it is done', async () => {
    const { index, reader, dataset } = await world();
    const report = await reconcileBucket({ reader, index, bucket, baseUri });
    expect(report.counts.added).toBe(1);
    expect(await index.latestSyncTicket(`${baseUri}/${dataset.uuid}`)).toBeUndefined();
  });
});

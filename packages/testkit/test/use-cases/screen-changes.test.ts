import { describe, expect, test } from 'vitest';
import { createSynchronizer, type DatasetIndex, type PartChange } from '@dtool-notify/domain';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetLocation,
  expectedDocument,
  storageFor,
  writeDataset,
} from '@dtool-notify/testkit';

const dataset = buildDataset({ bucket: 'b', prefix: 'u/a/' });
const uri = `s3://b/${dataset.uuid}`;
const store = createInMemoryObjectStore();
await writeDataset(storageFor(store, 'b'), dataset);
// A change that gets through the screen is synced: the dataset is read and indexed.
const applyChanges = (index: DatasetIndex, changes: readonly PartChange[]) =>
  createSynchronizer({ index, reader: createInMemoryManifestReader(store) }).applyChanges(datasetLocation(dataset, 's3://b'), changes);
const readme: PartChange = { kind: 'created', part: { kind: 'readme' }, eTag: 'e', sequencer: 'F'.repeat(32) };
const tag: PartChange = { kind: 'removed', part: { kind: 'tag', name: 'raw' } };
const dtool: PartChange = { kind: 'created', part: { kind: 'admin-metadata' }, sequencer: '0' };

describe('the change screen (screen-changes.ts through createSynchronizer.applyChanges)', () => {
  test('syncs a change to the dtool object without asking the index', async () => {
    const index = createInMemoryDatasetIndex();
    expect(await applyChanges(index, [readme, dtool])).toMatchObject({ outcome: 'indexed' });
    expect(index.counts.finds).toBe(0);
  });

  test('skips README and tag changes of a dataset the index does not hold, after taking a sync ticket it then releases', async () => {
    const index = createInMemoryDatasetIndex();
    expect(await applyChanges(index, [readme, tag])).toEqual({ outcome: 'unchanged', uri, reason: expect.stringContaining('not indexed yet') });
    // The ticket, the look-up and the release: no sync follows to release it, and a dataset
    // deleted part by part would otherwise keep its ticket for good.
    expect(index.counts).toMatchObject({ finds: 1, tickets: 2 });
    expect(await index.latestSyncTicket(uri)).toBeUndefined();
  });

  test('a skip releases only its own ticket: one taken meanwhile by a sync stays the latest', async () => {
    let other: string | undefined;
    const index = createInMemoryDatasetIndex({
      beforeRequest: async (request) => {
        // Between the screen's look-up and its release, a sync elsewhere takes its ticket.
        if (request.operation === 'find' && other === undefined) other = await index.takeSyncTicket(uri);
      },
    });
    expect(await applyChanges(index, [readme])).toMatchObject({ outcome: 'unchanged' });
    expect(await index.latestSyncTicket(uri)).toBe(other);
  });

  test('syncs them once the index holds the document, whatever ETag or sequencer they claim', async () => {
    const index = createInMemoryDatasetIndex();
    await index.upsert(expectedDocument(dataset, 's3://b'));
    expect(await applyChanges(index, [readme])).toMatchObject({ outcome: 'indexed' });
    expect(await applyChanges(index, [tag])).toMatchObject({ outcome: 'indexed' });
    expect(index.counts.upserts).toBe(3);
  });
});

describe('the change screen with changes of one dataset at once', () => {
  test('changes notified together share one look-up (one ticket, one find, one release) instead of one each', async () => {
    const index = createInMemoryDatasetIndex();
    const synchronizer = createSynchronizer({ index, reader: createInMemoryManifestReader(store) });
    const location = datasetLocation(dataset, 's3://b');
    const outcomes = await Promise.all([synchronizer.applyChanges(location, [readme]), synchronizer.applyChanges(location, [tag]), synchronizer.applyChanges(location, [readme, tag])]);
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(index.counts).toMatchObject({ finds: 1, tickets: 2 });
  });

  test('a change notified while a look-up is under way waits for a look-up begun after it, which sees the document', async () => {
    const index = createInMemoryDatasetIndex();
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let lookUps = 0;
    const slowIndex: DatasetIndex = {
      ...index,
      exists: async (existing) => {
        const found = await index.exists(existing);
        lookUps += 1;
        if (lookUps === 1) await held;
        return found;
      },
    };
    const synchronizer = createSynchronizer({ index: slowIndex, reader: createInMemoryManifestReader(store) });
    const location = datasetLocation(dataset, 's3://b');
    const first = synchronizer.applyChanges(location, [readme]);
    while (lookUps === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    // The first look-up has read "not indexed"; the dataset is indexed before it answers.
    await index.upsert(expectedDocument(dataset, 's3://b'));
    const second = synchronizer.applyChanges(location, [tag]);
    release();
    expect(await first).toMatchObject({ outcome: 'unchanged' });
    expect(await second).toMatchObject({ outcome: 'indexed' });
    expect(lookUps).toBe(2);
  });
});

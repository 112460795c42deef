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

  test('skips README and tag changes of a dataset the index does not hold, after taking a sync ticket', async () => {
    const index = createInMemoryDatasetIndex();
    expect(await applyChanges(index, [readme, tag])).toEqual({ outcome: 'unchanged', uri, reason: expect.stringContaining('not indexed yet') });
    expect(index.counts).toMatchObject({ finds: 1, tickets: 1 });
    expect(await index.latestSyncTicket(uri)).toBeDefined();
  });

  test('syncs them once the index holds the document, whatever ETag or sequencer they claim', async () => {
    const index = createInMemoryDatasetIndex();
    await index.upsert(expectedDocument(dataset, 's3://b'));
    expect(await applyChanges(index, [readme])).toMatchObject({ outcome: 'indexed' });
    expect(await applyChanges(index, [tag])).toMatchObject({ outcome: 'indexed' });
    expect(index.counts.upserts).toBe(3);
  });
});

import { describe, expect, test } from 'vitest';
import { buildDataset, createInMemoryManifestReader, createInMemoryObjectStore, storageFor, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import type { ListedFingerprint, ManifestReader } from '../index.js';
import { createListedFingerprints } from './listed-fingerprints.js';

const BUCKET = 'listed';

async function bucketWith(prefixes: readonly string[]) {
  const store = createInMemoryObjectStore();
  const storage = storageFor(store, BUCKET);
  const datasets: BuiltDataset[] = [];
  for (const prefix of prefixes) {
    for (let count = 0; count < 3; count += 1) {
      const dataset = buildDataset({ bucket: BUCKET, prefix });
      await writeDataset(storage, dataset);
      datasets.push(dataset);
    }
  }
  const inMemory = createInMemoryManifestReader(store);
  const opened: string[] = [];
  const reader: ManifestReader = {
    ...inMemory,
    listFingerprints(bucket: string, prefix: string, fromUuid?: string): AsyncIterable<ListedFingerprint> {
      opened.push(`${prefix}@${fromUuid ?? ''}`);
      return inMemory.listFingerprints(bucket, prefix, fromUuid);
    },
  };
  const byUuid = (a: BuiltDataset, b: BuiltDataset) => (a.uuid < b.uuid ? -1 : 1);
  return { datasets: datasets.sort(byUuid), reader, opened };
}

describe('createListedFingerprints', () => {
  test('answers datasets asked in uuid order from one listing per prefix: found, or gone when the listing has no dtool there', async () => {
    const { datasets, reader, opened } = await bucketWith(['u/a/', 'u/b/']);
    const listings = createListedFingerprints(reader, BUCKET);
    for (const dataset of datasets) expect(await listings.lookUp(dataset.prefix, dataset.uuid)).toMatchObject({ status: 'found' });
    expect(opened).toHaveLength(2);
    const missing = 'ffffffff-ffff-4fff-8fff-ffffffffffff';
    expect(await listings.lookUp('u/a/', missing)).toEqual({ status: 'gone' });
    await listings.close();
  });

  test('cannot tell a dataset asked out of uuid order (the caller looks at it alone)', async () => {
    const { datasets, reader } = await bucketWith(['u/a/']);
    const [first, second] = datasets as [BuiltDataset, BuiltDataset];
    const listings = createListedFingerprints(reader, BUCKET);
    expect(await listings.lookUp('u/a/', second.uuid)).toMatchObject({ status: 'found' });
    expect(await listings.lookUp('u/a/', first.uuid)).toBeUndefined();
    await listings.close();
  });

  test('keeps at most maxOpen prefixes listed, reopening a closed one at the uuid asked', async () => {
    const { datasets, reader, opened } = await bucketWith(['u/a/', 'u/b/', 'u/c/']);
    const listings = createListedFingerprints(reader, BUCKET, 1);
    for (const dataset of datasets) expect(await listings.lookUp(dataset.prefix, dataset.uuid)).toMatchObject({ status: 'found' });
    // Each change of prefix closes the one open and opens a listing at the dataset asked.
    const changes = datasets.filter((dataset, position) => position === 0 || datasets[position - 1]?.prefix !== dataset.prefix);
    expect(opened).toEqual(changes.map((dataset) => `${dataset.prefix}@${dataset.uuid}`));
    await listings.close();
  });
});

import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetKeys,
  expectedDocument,
  readmeObject,
  storageFor,
  writeDataset,
} from '@dtool-notify/testkit';
import type { DatasetDocument, DatasetIndex } from '@dtool-notify/domain';
import { reconcileBucket } from '@dtool-notify/domain';

const BUCKET = 'reconcile';
const BASE_URI = `s3://${BUCKET}`;

async function bucketWith(count: number) {
  const store = createInMemoryObjectStore();
  const storage = storageFor(store, BUCKET);
  const datasets = Array.from({ length: count }, () => buildDataset({ bucket: BUCKET, prefix: 'u/x/', items: 2 }));
  for (const dataset of datasets) await writeDataset(storage, dataset);
  const reader = createInMemoryManifestReader(store);
  const index = createInMemoryDatasetIndex();
  const sync = (options: { dryRun?: boolean; prune?: boolean; signal?: { aborted: boolean }; concurrency?: number } = {}) =>
    reconcileBucket({ reader, index, bucket: BUCKET, baseUri: BASE_URI, ...options });
  return { storage, datasets, reader, index, sync };
}

describe('reconcileBucket', () => {
  test('verifies an unchanged bucket by its fingerprints: no full read, no write', async () => {
    const { reader, index, sync } = await bucketWith(5);
    expect((await sync()).counts).toMatchObject({ added: 5 });
    reader.resetCounts();
    index.resetCounts();
    expect((await sync()).counts).toMatchObject({ added: 0, updated: 0, unchanged: 5 });
    expect(reader.counts.datasetReads).toBe(0);
    expect(index.counts).toMatchObject({ upserts: 0, deletes: 0, finds: 0, lists: 1 });
  });

  test('a dry run reports the change a sync would make, reads the changed dataset alone and writes nothing', async () => {
    const { storage, datasets, reader, index, sync } = await bucketWith(4);
    await sync();
    await storage.put(readmeObject(datasets[2]!, 'changed: 1\n'));
    reader.resetCounts();
    index.resetCounts();
    const report = await sync({ dryRun: true });
    expect(report.counts).toMatchObject({ updated: 1, unchanged: 3 });
    expect(reader.counts.datasetReads).toBe(1);
    expect(index.counts.upserts).toBe(0);
    expect((await sync()).counts).toMatchObject({ updated: 1, unchanged: 3 });
    expect(index.documents().find((document) => document.uuid === datasets[2]!.uuid)?.readme).toBe('changed: 1\n');
  });

  test('stores the fingerprint of a document indexed without one, counting it unchanged, and verifies it cheaply afterwards', async () => {
    const { datasets, reader, index, sync } = await bucketWith(2);
    for (const dataset of datasets) await index.upsert(expectedDocument(dataset, BASE_URI));
    index.resetCounts();
    expect((await sync()).counts).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    expect(index.counts.upserts).toBe(2);
    reader.resetCounts();
    index.resetCounts();
    expect((await sync()).counts).toMatchObject({ unchanged: 2 });
    expect(reader.counts.datasetReads).toBe(0);
    expect(index.counts.upserts).toBe(0);
  });

  test('once interrupted starts no further dataset and prunes nothing; a rerun completes the index', async () => {
    const { storage, datasets, index, sync } = await bucketWith(30);
    await index.upsert(expectedDocument(buildDataset({ bucket: BUCKET }), BASE_URI));
    index.resetCounts();
    // Ctrl-C arrives once five datasets are written.
    const signal = {
      get aborted() {
        return index.counts.upserts >= 5;
      },
    };
    const stopped = await sync({ prune: true, concurrency: 2, signal });
    expect(stopped.interrupted).toBe(true);
    expect(stopped.counts.added).toBeLessThan(datasets.length);
    expect(stopped.counts.removed).toBe(0);
    expect(index.documents()).toHaveLength(stopped.counts.added + 1);
    const rerun = await sync({ prune: true });
    expect(rerun).toMatchObject({ interrupted: false, counts: { added: datasets.length - stopped.counts.added, unchanged: stopped.counts.added, removed: 1 } });
    expect(index.documents()).toHaveLength(datasets.length);
    for (const key of datasetKeys(datasets[0]!)) await storage.delete(key);
    expect((await sync({ prune: true })).counts).toMatchObject({ removed: 1, unchanged: datasets.length - 1 });
  });
});

/** An index that keeps only some fields of a document, as dserver does. */
function partialIndex(): DatasetIndex {
  const inner = createInMemoryDatasetIndex();
  const keptForm = (document: DatasetDocument): DatasetDocument => {
    const { dtoolcore_version: _dropped, ...kept } = document;
    return kept as DatasetDocument;
  };
  return { ...inner, keptForm, upsert: (document) => inner.upsert(keptForm(document)) };
}

describe('reconcileBucket with an index that keeps part of each document', () => {
  test('finds an unchanged dataset unchanged, comparing with what the index keeps', async () => {
    const store = createInMemoryObjectStore();
    const dataset = buildDataset({ bucket: 'b', items: 2 });
    await writeDataset(storageFor(store, 'b'), dataset);
    const options = { reader: createInMemoryManifestReader(store), index: partialIndex(), bucket: 'b', baseUri: 's3://b' };
    expect((await reconcileBucket(options)).counts.added).toBe(1);
    expect((await reconcileBucket({ ...options, dryRun: true })).counts).toMatchObject({ unchanged: 1, updated: 0 });
  });
});

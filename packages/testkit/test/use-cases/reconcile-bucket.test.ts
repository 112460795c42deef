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

  test('lists storage while the index is read: the two passes overlap', async () => {
    const { reader, index } = await bucketWith(6);
    await reconcileBucket({ reader, index, bucket: BUCKET, baseUri: BASE_URI });
    let release = (): void => undefined;
    const indexAnswers = new Promise<void>((resolve) => (release = resolve));
    const listed = { datasets: 0, prefixes: 0 };
    const slowIndex: DatasetIndex = {
      ...index,
      readFingerprints: async (baseUri) => {
        await indexAnswers;
        return index.readFingerprints(baseUri);
      },
    };
    const watchedReader: typeof reader = {
      ...reader,
      async *listDatasets(bucket) {
        for await (const dataset of reader.listDatasets(bucket)) {
          listed.datasets += 1;
          yield dataset;
        }
      },
      listFingerprints: (...args) => {
        listed.prefixes += 1;
        return reader.listFingerprints(...args);
      },
    };
    reader.resetCounts();
    const report = reconcileBucket({ reader: watchedReader, index: slowIndex, bucket: BUCKET, baseUri: BASE_URI });
    for (let wait = 0; wait < 50 && listed.datasets < 6; wait += 1) await new Promise((resolve) => setTimeout(resolve, 1));
    expect(listed).toEqual({ datasets: 6, prefixes: 1 });
    release();
    expect((await report).counts).toMatchObject({ added: 0, updated: 0, unchanged: 6 });
    expect(reader.counts.datasetReads).toBe(0);
  });

  test('a failed count of the datasets is thrown only once the index pass (which may be writing) has ended', async () => {
    const { reader, index } = await bucketWith(2);
    let passEnded = false;
    const slowIndex: DatasetIndex = {
      ...index,
      readFingerprints: async (baseUri) => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        passEnded = true;
        return index.readFingerprints(baseUri);
      },
    };
    const failingCount: typeof reader = { ...reader, countDatasets: () => Promise.reject(new Error('listing refused')) };
    const outcome = reconcileBucket({ reader: failingCount, index: slowIndex, bucket: BUCKET, baseUri: BASE_URI, onTotal: () => undefined });
    await expect(outcome).rejects.toThrow('listing refused');
    expect(passEnded).toBe(true);
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

  test('a dataset synced again after another instance looked, whose new sync fails, does not stop the others of its batch from being synced again', async () => {
    const store = createInMemoryObjectStore();
    const storage = storageFor(store, BUCKET);
    const datasets = [0, 1].map(() => buildDataset({ bucket: BUCKET, prefix: 'u/x/', items: 1, readme: 'v: 1\n' }));
    for (const dataset of datasets) await writeDataset(storage, dataset);
    const reader = createInMemoryManifestReader(store);
    let upserts = 0;
    let meanwhile: (() => Promise<void>) | undefined;
    const index = createInMemoryDatasetIndex({
      beforeRequest: async (request) => {
        if (request.operation === 'upsert') upserts += 1;
        // After both writes, before the batch looks at its tickets: another instance edited both
        // READMEs and took their tickets, and the storage answers the next request with a failure.
        if (request.operation === 'ticket' && upserts === 2 && meanwhile !== undefined) {
          const run = meanwhile;
          meanwhile = undefined;
          await run();
        }
      },
    });
    meanwhile = async () => {
      for (const dataset of datasets) {
        await storage.put(readmeObject(dataset, 'v: 2\n'));
        await index.takeSyncTicket(`${BASE_URI}/${dataset.uuid}`);
      }
      reader.failNext(1);
    };
    const report = await reconcileBucket({ reader, index, bucket: BUCKET, baseUri: BASE_URI });
    // The first dataset synced again failed (the storage's failure); the second was still synced again.
    expect(report.counts).toMatchObject({ failed: 1, added: 1 });
    const readmes = index.documents().map((document) => document.readme).sort();
    expect(readmes).toEqual(['v: 1\n', 'v: 2\n']);
  });
});

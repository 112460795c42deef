import { describe, expect, test } from 'vitest';
import { buildDataset, createInMemoryDatasetIndex, createInMemoryManifestReader, createInMemoryObjectStore, storageFor, writeDataset } from '@dtool-notify/testkit';
import type { DatasetDocument, DatasetIndex } from '../index.js';
import { reconcileBucket } from './reconcile-bucket.js';

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

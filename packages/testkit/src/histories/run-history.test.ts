import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { readDatasetDocument, type DatasetDocument } from '@dtool-notify/domain';
import { describe, expect, test } from 'vitest';
import { createInMemoryManifestReader } from '../in-memory/manifest-reader.js';
import { createInMemoryObjectStore } from '../in-memory/object-store.js';
import { storageFor } from '../in-memory/storage-for.js';
import { datasetHistoryArbitrary, type DatasetHistory } from './dataset-history.js';
import { expectedHistoryDocument } from './expected-history-document.js';
import { datasetOf, runHistory } from './run-history.js';

const bucket = 'histories';
const baseUri = 's3://histories';

describe('runHistory', () => {
  test('leaves in the bucket the document expectedHistoryDocument works out from the steps', async () => {
    await fc.assert(
      fc.asyncProperty(datasetHistoryArbitrary({ protodatasets: true }), async (history) => {
        const store = createInMemoryObjectStore();
        const dataset = datasetOf(history, bucket);
        await runHistory(storageFor(store, bucket), dataset, history);
        const found = await readDatasetDocument(createInMemoryManifestReader(store), { bucket, baseUri, uuid: dataset.uuid, prefix: dataset.prefix });
        const stored: DatasetDocument | undefined = found.status === 'document' ? found.document : undefined;
        expect(stored).toEqual(expectedHistoryDocument(dataset, history, baseUri));
      }),
      { seed: 7, numRuns: 100 },
    );
  });

  test('waits the pauses before the steps', async () => {
    const history: DatasetHistory = {
      uuid: randomUUID(),
      prefix: '',
      tags: [],
      frozen: true,
      steps: [
        { kind: 'tag', tag: 'qc' },
        { kind: 'untag', tag: 'qc' },
      ],
      pausesMs: [30, 30],
    };
    const store = createInMemoryObjectStore();
    const started = Date.now();
    await runHistory(storageFor(store, bucket), datasetOf(history, bucket), history);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

import { isRetryable } from '@dtool-notify/domain';
import { describe, expect, test } from 'vitest';
import { buildDataset } from '../builders/build-dataset.js';
import { expectedDocument } from '../builders/expected-document.js';
import { createInMemoryDatasetIndex, type IndexRequest } from './dataset-index.js';

const documentUnder = (baseUri: string) => expectedDocument(buildDataset({ bucket: 'b', tags: ['t'] }), baseUri);

describe('createInMemoryDatasetIndex', () => {
  test('keeps its own copy of an upserted document and hands out copies', async () => {
    const index = createInMemoryDatasetIndex();
    const document = documentUnder('s3://b');
    await index.upsert(document);
    (document.tags as string[]).push('changed-after-upsert');
    const found = await index.findByUri(document.uri);
    (found?.tags as string[]).push('changed-after-find');
    expect(index.documents()[0]?.tags).toEqual(['t']);
    expect(index.documents()[0]?.created_at).toBeInstanceOf(Date);
  });

  test('lists documents sorted by uri', async () => {
    const index = createInMemoryDatasetIndex();
    const documents = [documentUnder('s3://c'), documentUnder('s3://a'), documentUnder('s3://b')];
    for (const document of documents) await index.upsert(document);
    expect(index.documents().map((document) => document.base_uri)).toEqual(['s3://a', 's3://b', 's3://c']);
  });

  test('counts upserts, deletes, finds and lists', async () => {
    const index = createInMemoryDatasetIndex();
    const document = documentUnder('s3://b');
    await index.upsert(document);
    await index.findByUri(document.uri);
    await index.findByBaseUriAndUuid('s3://b', document.uuid);
    await index.listUris('s3://b');
    await index.deleteByUri(document.uri);
    expect(index.counts).toEqual({ upserts: 1, deletes: 1, finds: 2, lists: 1, tickets: 0 });
    index.resetCounts();
    expect(index.counts).toEqual({ upserts: 0, deletes: 0, finds: 0, lists: 0, tickets: 0 });
  });

  test('fails the next operations after failNext and leaves the documents unchanged', async () => {
    const index = createInMemoryDatasetIndex();
    index.failNext(1);
    const failed = index.upsert(documentUnder('s3://b'));
    await expect(failed.catch((error: unknown) => isRetryable(error))).resolves.toBe(true);
    expect(index.documents()).toEqual([]);
    await index.upsert(documentUnder('s3://b'));
    expect(index.documents()).toHaveLength(1);
  });

  test('runs beforeRequest before each operation, which may fail it', async () => {
    const seen: IndexRequest[] = [];
    const index = createInMemoryDatasetIndex({
      beforeRequest: (request) => {
        seen.push(request);
        if (request.operation === 'delete') throw new Error('index down');
      },
    });
    await index.findByUri('s3://b/x');
    await expect(index.deleteByUri('s3://b/x')).rejects.toThrow('index down');
    expect(seen).toEqual([
      { operation: 'find', uri: 's3://b/x' },
      { operation: 'delete', uri: 's3://b/x' },
    ]);
  });
});

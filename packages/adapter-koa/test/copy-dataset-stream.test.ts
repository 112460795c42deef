import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { minioElasticsearchDocumentId } from '@dtool-notify/domain';
import { buildDataset, deleteDataset, readFixtureText, storageFor, type BuiltDataset, type DatasetObject } from '@dtool-notify/testkit';
import { send, startHarness, type Harness } from './harness.js';

const UUID = '49f0bf41-471b-4781-855e-161fe81ffb0d';
const URI = `s3://test-bucket/${UUID}`;

interface CapturedRecord {
  readonly eventName: string;
  readonly s3: { readonly bucket: { readonly name: string }; readonly object: { readonly key: string } };
}

function capturedLines(file: string): Array<{ line: string; record: CapturedRecord; key: string }> {
  return readFixtureText(file)
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const record = (JSON.parse(line) as { Records: CapturedRecord[] }).Records[0] as CapturedRecord;
      return { line, record, key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')) };
    });
}

/**
 * Replays a captured `dtool copy` stream: before each creation notification is posted, the
 * object it announces is written to the store (the builder's item identifier differs from
 * the captured one, so a captured item stands for the builder's next item).
 */
async function replay(harness: Harness, file: string, post: (line: string, key: string) => Promise<number>): Promise<number[]> {
  const dataset = buildDataset({ bucket: 'test-bucket', uuid: UUID, prefix: 'u/testuser/', items: 1 });
  const storage = storageFor(harness.store, 'test-bucket');
  const pending: DatasetObject[] = [...dataset.objects];
  const documentsAfterEach: number[] = [];
  for (const { line, record, key } of capturedLines(file)) {
    if (record.eventName.includes('ObjectCreated')) {
      const position = pending.findIndex((object) => object.key === key || (key.includes('/data/') && object.key.includes('/data/')));
      expect(position, `no object of the built dataset for ${key}`).toBe(0);
      await storage.put(pending.shift() as DatasetObject);
    }
    expect(await post(line, key)).toBeLessThan(300);
    documentsAfterEach.push(harness.index.documents().length);
  }
  expect(pending).toEqual([]);
  return documentsAfterEach;
}

describe('a captured dtool copy replayed over HTTP', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('through the webhook indexes the dataset exactly once, on its final dtool write', async () => {
    const counts = await replay(harness, 'minio/webhook-copy-dataset.jsonl', async (line) => {
      return (await send(`${harness.url}/webhook/notify`, { body: line, contentType: 'application/json' })).status;
    });
    expect(counts).toEqual([...Array<number>(counts.length - 1).fill(0), 1]);
    expect(harness.index.documents().map((document) => document.uri)).toEqual([URI]);
    expect(harness.index.documents()[0]).toMatchObject({ uuid: UUID, base_uri: 's3://test-bucket', type: 'dataset', number_of_items: 1 });
  });

  test('through the Elasticsearch target (namespace format) indexes it once, and its delete removes it', async () => {
    const counts = await replay(harness, 'minio/es-namespace-copy-dataset.jsonl', async (line, key) => {
      const id = minioElasticsearchDocumentId('test-bucket', key);
      const response = await send(`${harness.url}/elastic-search/minio-events/_doc/${id}`, { method: 'PUT', body: line, contentType: 'application/json' });
      expect(response.json).toMatchObject({ _index: 'minio-events', _id: id, result: 'created' });
      return response.status;
    });
    expect(counts.at(-1)).toBe(1);
    expect(harness.index.documents().map((document) => document.uri)).toEqual([URI]);

    // MinIO deletes a namespace document by id only: HEAD, then DELETE, no body.
    await deleteDataset(storageFor(harness.store, 'test-bucket'), builtFor());
    const dtoolId = minioElasticsearchDocumentId('test-bucket', `u/testuser/${UUID}/dtool`);
    const head = await send(`${harness.url}/elastic-search/minio-events/_doc/${dtoolId}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    const deleted = await send(`${harness.url}/elastic-search/minio-events/_doc/${dtoolId}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ _id: dtoolId, result: 'deleted', dtool_notify: { summary: { deleted: 1 } } });
    expect(harness.index.documents()).toEqual([]);
  });

  test('through the Elasticsearch target (access format) indexes it once', async () => {
    await replay(harness, 'minio/es-namespace-copy-dataset.jsonl', async (line) => {
      const response = await send(`${harness.url}/elastic-search/minio-events/_doc`, { body: line, contentType: 'application/json' });
      expect(response.json).toMatchObject({ _index: 'minio-events', result: 'created', _id: expect.any(String) });
      return response.status;
    });
    expect(harness.index.documents().map((document) => document.uri)).toEqual([URI]);
  });
});

function builtFor(): BuiltDataset {
  return buildDataset({ bucket: 'test-bucket', uuid: UUID, prefix: 'u/testuser/', items: 1 });
}

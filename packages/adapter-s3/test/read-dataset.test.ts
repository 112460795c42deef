import { buildDataset, writeDataset, type BuiltDataset, type DatasetStorage } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { beforeAll, describe, expect, test } from 'vitest';
import { createS3ManifestReader, type S3ManifestReaderOptions } from '../src/index.js';
import { createTestBucket, minioConnection } from './minio.js';

describe('readDataset on MinIO', () => {
  let bucket: string;
  let storage: DatasetStorage;
  const readerWith = (options: Partial<S3ManifestReaderOptions> = {}) =>
    createS3ManifestReader({ buckets: new Map([[bucket, minioConnection()]]), ...options });
  const read = async (dataset: BuiltDataset, options: Partial<S3ManifestReaderOptions> = {}) => {
    const reader = readerWith(options);
    const location = { bucket, baseUri: `s3://${bucket}`, uuid: dataset.uuid, prefix: dataset.prefix };
    try {
      return { result: await reader.readDataset(location, dataset.content.adminMetadata), stats: reader.stats() };
    } finally {
      reader.close();
    }
  };

  beforeAll(async () => {
    const created = await createTestBucket('read');
    bucket = created.bucket;
    storage = createS3DatasetStorage(created.client, bucket);
  });

  test('reads tags and annotations across listing pages', async () => {
    const annotations = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((name, index) => [name, { index }]));
    const dataset = buildDataset({ bucket, prefix: 'u/alice/', tags: ['t1', 't2', 't3', 't4', 't5'], annotations });
    await writeDataset(storage, dataset);
    const { result, stats } = await read(dataset, { listPageSize: 2 });
    expect(result).toEqual({ status: 'dataset', content: dataset.content, eTags: expect.any(Object) });
    expect(stats.requestsByOperation).toEqual({ GetObject: 7, ListObjectsV2: 6 });
  });

  test('reads a dataset with one request at a time without deadlocking on the annotations', async () => {
    const dataset = buildDataset({ bucket, tags: ['x'], annotations: { one: 1, two: [2] } });
    await writeDataset(storage, dataset);
    expect((await read(dataset, { concurrency: 1 })).result).toEqual({ status: 'dataset', content: dataset.content, eTags: expect.any(Object) });
  });

  test('keeps unicode and spaces in tag and annotation names and values', async () => {
    const dataset = buildDataset({
      bucket,
      readme: '---\ndescription: Grüße aus Freiburg ✓\n',
      tags: ['größe', 'with space'],
      annotations: { 'Ünïcode name': 'wert ✓' },
    });
    await writeDataset(storage, dataset);
    expect((await read(dataset)).result).toEqual({ status: 'dataset', content: dataset.content, eTags: expect.any(Object) });
  });

  test('reads a missing README.yml as empty text', async () => {
    const dataset = buildDataset({ bucket });
    await writeDataset(storage, dataset);
    await storage.delete(`${dataset.uuid}/README.yml`);
    expect((await read(dataset)).result).toEqual({ status: 'dataset', content: { ...dataset.content, readme: '' }, eTags: expect.not.objectContaining({ readme: expect.anything() }) });
  });

  test('reports a dataset without manifest.json as not a dataset', async () => {
    const dataset = buildDataset({ bucket });
    await writeDataset(storage, dataset);
    await storage.delete(`${dataset.uuid}/manifest.json`);
    expect((await read(dataset)).result).toEqual({ status: 'not-a-dataset', reason: 'manifest.json is missing' });
  });

  test('reports an annotation that is not JSON as not a dataset, naming it', async () => {
    const dataset = buildDataset({ bucket });
    await writeDataset(storage, dataset);
    await storage.put({ key: `${dataset.uuid}/annotations/broken.json`, body: '{not json' });
    const { result } = await read(dataset);
    expect(result.status).toBe('not-a-dataset');
    expect(result.status === 'not-a-dataset' && result.reason).toContain('"broken"');
  });

  test('reports a dataset whose registration key is gone as gone when the prefix is not known', async () => {
    const dataset = buildDataset({ bucket, prefix: 'u/dave/' });
    await writeDataset(storage, dataset);
    await storage.delete(`dtool-${dataset.uuid}`);
    const reader = readerWith();
    const location = { bucket, baseUri: `s3://${bucket}`, uuid: dataset.uuid };
    expect(await reader.readDataset(location, dataset.content.adminMetadata)).toEqual({ status: 'gone' });
    reader.close();
  });
});

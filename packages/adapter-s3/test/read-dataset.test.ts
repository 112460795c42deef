import { DEFAULT_STORAGE_LIMITS } from '@dtool-notify/domain';
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

  test('fails an annotation that is not JSON as unreadable content, naming it', async () => {
    const dataset = buildDataset({ bucket });
    await writeDataset(storage, dataset);
    await storage.put({ key: `${dataset.uuid}/annotations/broken.json`, body: '{not json' });
    await expect(read(dataset)).rejects.toMatchObject({ code: 'unreadable', message: expect.stringContaining('"broken"') });
  });

  const limits = { ...DEFAULT_STORAGE_LIMITS, maxDatasetBytes: 1024 * 1024 };

  test('refuses a manifest larger than the bytes read per dataset, naming it, from its Content-Length', async () => {
    const dataset = buildDataset({ bucket });
    await writeDataset(storage, dataset);
    await storage.put({ key: `${dataset.uuid}/manifest.json`, body: `{"items": {}, "padding": "${'x'.repeat(2 * 1024 * 1024)}"}` });
    await expect(read(dataset, { limits })).rejects.toMatchObject({
      code: 'too-large',
      message: `reading "${dataset.uuid}/manifest.json" went past 1048576 bytes, the most read per dataset`,
    });
  });

  test('counts every object of a dataset against one budget: annotations that fit one by one, not together', async () => {
    const annotations = Object.fromEntries(['a', 'b', 'c'].map((name) => [name, 'x'.repeat(400 * 1024)]));
    const dataset = buildDataset({ bucket, annotations });
    await writeDataset(storage, dataset);
    await expect(read(dataset, { limits })).rejects.toMatchObject({ code: 'too-large' });
    expect((await read(dataset)).result.status).toBe('dataset');
  });

  test('stops listing tags past the most read, without reading the remaining pages', async () => {
    const dataset = buildDataset({ bucket, tags: ['t1', 't2', 't3', 't4', 't5', 't6', 't7'] });
    await writeDataset(storage, dataset);
    const reader = readerWith({ listPageSize: 2, limits: { ...DEFAULT_STORAGE_LIMITS, maxTags: 3 } });
    const location = { bucket, baseUri: `s3://${bucket}`, uuid: dataset.uuid, prefix: dataset.prefix };
    await expect(reader.readDataset(location, dataset.content.adminMetadata)).rejects.toMatchObject({
      code: 'too-large',
      message: `${dataset.uuid}/tags/ holds more than 3 tags, the most read per dataset`,
    });
    // Two pages of the tags (4 keys > 3) and at most one of the (empty) annotations: not all four tag pages.
    expect(reader.stats().requestsByOperation.ListObjectsV2).toBeLessThanOrEqual(3);
    reader.close();
  });

  test('fails as retryable when other reads hold the bytes in flight, and gives the bytes back afterwards', async () => {
    const big = buildDataset({ bucket, readme: `x: ${'y'.repeat(700 * 1024)}\n` });
    const small = buildDataset({ bucket });
    await writeDataset(storage, big);
    await writeDataset(storage, small);
    const reader = readerWith({ limits: { ...DEFAULT_STORAGE_LIMITS, maxDatasetBytes: 2 * 1024 * 1024, maxBytesInFlight: 512 * 1024 } });
    const location = (dataset: typeof big) => ({ bucket, baseUri: `s3://${bucket}`, uuid: dataset.uuid, prefix: dataset.prefix });
    try {
      await expect(reader.readDataset(location(big), big.content.adminMetadata)).rejects.toMatchObject({ code: 'retryable' });
      expect((await reader.readDataset(location(small), small.content.adminMetadata)).status).toBe('dataset');
    } finally {
      reader.close();
    }
  });

  test('refuses more annotations than the most read', async () => {
    const dataset = buildDataset({ bucket, annotations: { a: 1, b: 2, c: 3 } });
    await writeDataset(storage, dataset);
    await expect(read(dataset, { limits: { ...DEFAULT_STORAGE_LIMITS, maxAnnotations: 2 } })).rejects.toMatchObject({ code: 'too-large' });
  });

  test('keeps manifest items and annotations named __proto__ and constructor', async () => {
    const dataset = buildDataset({ bucket });
    await writeDataset(storage, dataset);
    const item = { relpath: 'r', size_in_bytes: 1, hash: 'h', utc_timestamp: 1 };
    await storage.put({ key: `${dataset.uuid}/manifest.json`, body: `{"items": {"__proto__": ${JSON.stringify(item)}, "constructor": ${JSON.stringify(item)}}}` });
    await storage.put({ key: `${dataset.uuid}/annotations/__proto__.json`, body: '1' });
    await storage.put({ key: `${dataset.uuid}/annotations/constructor.json`, body: '2' });
    const { result } = await read(dataset);
    expect(result.status === 'dataset' && Object.keys(result.content.manifest.items)).toEqual(['__proto__', 'constructor']);
    expect(result.status === 'dataset' && Object.keys(result.content.annotations)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
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

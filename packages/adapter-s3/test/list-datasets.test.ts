import { buildDataset, writeDataset, type DatasetStorage } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { beforeAll, describe, expect, test } from 'vitest';
import { createS3ManifestReader } from '../src/index.js';
import { createTestBucket, minioConnection } from './minio.js';

describe('listDatasets on MinIO', () => {
  let bucket: string;
  let storage: DatasetStorage;
  const registered: Array<{ uuid: string; prefix: string }> = [];

  beforeAll(async () => {
    const created = await createTestBucket('list');
    bucket = created.bucket;
    storage = createS3DatasetStorage(created.client, bucket);
    for (const prefix of ['', 'u/alice/', 'u/bob/', '', 'deep/er/']) {
      const dataset = buildDataset({ bucket, prefix });
      await writeDataset(storage, dataset);
      registered.push({ uuid: dataset.uuid, prefix });
    }
    // Keys that look like registration keys but are not.
    await storage.put({ key: 'dtool-not-a-uuid', body: '' });
    await storage.put({ key: `dtool-${registered[0]?.uuid ?? ''}/nested`, body: '' });
  });

  test('yields every registered dataset with its prefix across listing pages', async () => {
    const reader = createS3ManifestReader({ buckets: new Map([[bucket, minioConnection()]]), listPageSize: 2 });
    const listed = [];
    for await (const dataset of reader.listDatasets(bucket)) listed.push(dataset);
    const byUuid = (a: { uuid: string }, b: { uuid: string }) => a.uuid.localeCompare(b.uuid);
    expect(listed.sort(byUuid)).toEqual([...registered].sort(byUuid));
    // 6 top-level dtool-* keys at 2 per page take at least 3 pages; one GET per distinct
    // prefix: the two registration keys of the top level have the same body, hence ETag.
    const { ListObjectsV2: pages, GetObject: gets } = reader.stats().requestsByOperation;
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(gets).toBe(4);
    reader.close();
  });

  test('yields nothing for a bucket without datasets', async () => {
    const empty = await createTestBucket('empty');
    const reader = createS3ManifestReader({ buckets: new Map([[empty.bucket, minioConnection()]]) });
    const listed = [];
    for await (const dataset of reader.listDatasets(empty.bucket)) listed.push(dataset);
    expect(listed).toEqual([]);
    reader.close();
  });
});

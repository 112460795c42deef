import { buildDataset, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createS3ManifestReader, type S3ManifestReader } from '../src/index.js';
import { createTestBucket, minioConnection } from './minio.js';

const annotations = { project: 'alpha', owner: { name: 'alice' }, size: 3 };
const tags = ['raw', 'simulation'];

/** HEAD dtool; GET README.yml, manifest.json and 3 annotations; LIST tags/ and annotations/. */
const EXPECTED = { requests: 8, requestsByOperation: { HeadObject: 1, GetObject: 5, ListObjectsV2: 2 } };

describe('S3 requests per dataset sync', () => {
  let bucket: string;
  let reader: S3ManifestReader;
  let small: BuiltDataset;
  let large: BuiltDataset;

  beforeAll(async () => {
    const created = await createTestBucket('counts');
    bucket = created.bucket;
    const storage = createS3DatasetStorage(created.client, bucket);
    small = buildDataset({ bucket, prefix: 'u/alice/', items: 1, tags, annotations });
    large = buildDataset({ bucket, prefix: 'u/alice/', items: 5000, tags, annotations });
    await writeDataset(storage, small);
    await writeDataset(storage, large, { concurrency: 32 });
    reader = createS3ManifestReader({ buckets: new Map([[bucket, minioConnection()]]) });
  }, 300_000);

  afterAll(() => reader.close());

  const sync = async (dataset: BuiltDataset, withPrefix = true) => {
    const location = {
      bucket,
      baseUri: `s3://${bucket}`,
      uuid: dataset.uuid,
      ...(withPrefix ? { prefix: dataset.prefix } : {}),
    };
    reader.resetStats();
    const admin = await reader.readAdminMetadata(location);
    if (admin.status !== 'found') throw new Error(`admin metadata: ${admin.status}`);
    const read = await reader.readDataset(location, admin.adminMetadata);
    if (read.status !== 'dataset') throw new Error(`dataset: ${read.status}`);
    return { content: read.content, stats: reader.stats() };
  };

  test('reads a dataset with 3 annotations and 2 tags in 8 requests', async () => {
    const { content, stats } = await sync(small);
    expect(content.annotations).toEqual(annotations);
    expect([...content.tags].sort()).toEqual(tags);
    expect(stats).toMatchObject(EXPECTED);
  });

  test('costs the same 8 requests for 5,000 items: data/ is never listed', async () => {
    const { content, stats } = await sync(large);
    expect(Object.keys(content.manifest.items)).toHaveLength(5000);
    expect(content).toEqual(large.content);
    expect(stats).toMatchObject(EXPECTED);
  });

  test('counts the bytes of the bodies received, the 5,000-item manifest among them', async () => {
    const smallBytes = (await sync(small)).stats.bytesReceived;
    const largeBytes = (await sync(large)).stats.bytesReceived;
    const manifestBytes = (dataset: BuiltDataset): number =>
      Buffer.byteLength(dataset.objects.find((object) => object.key.endsWith('/manifest.json'))?.body ?? '');
    expect(largeBytes - smallBytes).toBeGreaterThanOrEqual(manifestBytes(large) - manifestBytes(small));
    expect(smallBytes).toBeGreaterThan(manifestBytes(small));
  });

  test('reads the registration key once per call when the prefix is not known from the key', async () => {
    const { content, stats } = await sync(small, false);
    expect(content).toEqual(small.content);
    expect(stats).toMatchObject({ requests: 10, requestsByOperation: { HeadObject: 1, GetObject: 7, ListObjectsV2: 2 } });
  });
});

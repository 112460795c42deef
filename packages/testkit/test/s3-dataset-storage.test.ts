import { randomUUID } from 'node:crypto';
import { DeleteBucketCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { buildDataset, createInMemoryObjectStore, datasetKeys, storageFor, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage, createTestS3Client, emptyBucket, ensureBucket } from '@dtool-notify/testkit/s3';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';

describe('S3 dataset storage (MinIO)', () => {
  const bucket = `testkit-${randomUUID().slice(0, 8)}`;
  let client: S3Client;

  beforeAll(async () => {
    client = createTestS3Client(inject('s3'));
    await ensureBucket(client, bucket);
  });
  afterAll(async () => {
    await emptyBucket(client, bucket);
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
    client.destroy();
  });

  test('ensureBucket accepts a bucket that exists already', async () => {
    await expect(ensureBucket(client, bucket)).resolves.toBeUndefined();
  });

  test('writes every object with its body and user metadata, as the in-memory storage holds them', async () => {
    const dataset = buildDataset({
      bucket,
      prefix: 'u/Jürgen Müller/',
      items: [{ relpath: 'a b/ü.bin', content: new Uint8Array([0, 1, 254, 255]) }, { relpath: 'x.txt', content: 'x\n' }],
      tags: ['raw-data'],
      annotations: { project: 'alpha' },
    });
    await writeDataset(createS3DatasetStorage(client, bucket), dataset, { concurrency: 2 });
    const store = createInMemoryObjectStore();
    await writeDataset(storageFor(store, bucket), dataset);
    for (const key of datasetKeys(dataset)) {
      const fromS3 = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const expected = await store.get(bucket, key);
      expect([...(await fromS3.Body?.transformToByteArray() ?? [])], key).toEqual([...(expected?.body ?? [])]);
      expect(fromS3.Metadata ?? {}, key).toEqual(expected?.metadata);
    }
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: dataset.prefix }));
    expect(listed.Contents?.map((object) => object.Key)).toEqual(store.keys(bucket, dataset.prefix));
  });

  test('deletes objects and empties the bucket, 1000 objects per request', async () => {
    const storage = createS3DatasetStorage(client, bucket);
    const dataset = buildDataset({ bucket, items: 1000 });
    await writeDataset(storage, dataset, { concurrency: 32 });
    await storage.delete(`dtool-${dataset.uuid}`);
    const remaining = datasetKeys(dataset).length - 1;
    expect(await emptyBucket(client, bucket)).toBeGreaterThanOrEqual(remaining);
    expect((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).KeyCount).toBe(0);
  }, 120_000);
});

import type { DatasetStorage } from '@dtool-notify/testkit';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createS3ManifestReader, type S3ManifestReader } from '../src/index.js';
import { createTestBucket, minioConnection } from './minio.js';

describe('readAdminMetadata on MinIO', () => {
  let bucket: string;
  let storage: DatasetStorage;
  let reader: S3ManifestReader;
  const locate = (uuid: string, prefix?: string) => ({
    bucket,
    baseUri: `s3://${bucket}`,
    uuid,
    ...(prefix === undefined ? {} : { prefix }),
  });

  beforeAll(async () => {
    const created = await createTestBucket('admin');
    bucket = created.bucket;
    storage = createS3DatasetStorage(created.client, bucket);
    reader = createS3ManifestReader({ buckets: new Map([[bucket, minioConnection({ datasetPrefix: 'u/configured/' })]]) });
  });

  afterAll(() => reader.close());

  test('readRegistration: the registration key with one GET, else the configured dataset prefix', async () => {
    const dataset = buildDataset({ bucket, prefix: 'u/alice/' });
    await writeDataset(storage, dataset);
    reader.resetStats();
    expect(await reader.readRegistration(bucket, dataset.uuid)).toEqual({ source: 'registration-key', prefix: 'u/alice/' });
    expect(reader.stats()).toMatchObject({ requests: 1, requestsByOperation: { GetObject: 1 } });
    expect(await reader.readRegistration(bucket, 'ffffffff-ffff-4fff-8fff-ffffffffffff')).toEqual({ source: 'configured-prefix', prefix: 'u/configured/' });
  });

  test('reads admin metadata from the user metadata alone with one HEAD, timestamps as numbers', async () => {
    const dataset = buildDataset({ bucket, prefix: 'u/alice/', adminMetadataIn: 'headers', createdAt: 1645632787.071341 });
    await writeDataset(storage, dataset);
    reader.resetStats();
    const result = await reader.readAdminMetadata(locate(dataset.uuid, dataset.prefix));
    expect(result).toEqual({ status: 'found', adminMetadata: dataset.content.adminMetadata, eTag: expect.any(String) });
    expect(result.status === 'found' && result.adminMetadata.created_at).toBe(1645632787.071341);
    expect(reader.stats()).toMatchObject({ requests: 1, requestsByOperation: { HeadObject: 1 } });
  });

  test('falls back to the JSON body when the object has no user metadata', async () => {
    const dataset = buildDataset({ bucket, adminMetadataIn: 'body' });
    await writeDataset(storage, dataset);
    reader.resetStats();
    const result = await reader.readAdminMetadata(locate(dataset.uuid, ''));
    expect(result).toEqual({ status: 'found', adminMetadata: dataset.content.adminMetadata, eTag: expect.any(String) });
    expect(reader.stats()).toMatchObject({ requests: 2, requestsByOperation: { HeadObject: 1, GetObject: 1 } });
  });

  test('falls back to the JSON body when the user metadata is incomplete', async () => {
    const dataset = buildDataset({ bucket });
    await writeDataset(storage, dataset);
    const dtool = dataset.objects.at(-1);
    if (dtool === undefined) throw new Error('no dtool object');
    await storage.put({ key: dtool.key, body: dtool.body, metadata: { uuid: dataset.uuid } });
    const result = await reader.readAdminMetadata(locate(dataset.uuid, ''));
    expect(result).toEqual({ status: 'found', adminMetadata: dataset.content.adminMetadata, eTag: expect.any(String) });
  });

  test('decodes RFC 2047 encoded user metadata as S3 returns non-ASCII values', async () => {
    const dataset = buildDataset({ bucket, adminMetadataIn: 'headers' });
    await writeDataset(storage, dataset);
    const dtool = dataset.objects.at(-1);
    if (dtool?.metadata === undefined) throw new Error('no dtool metadata');
    await storage.put({ key: dtool.key, body: '', metadata: { ...dtool.metadata, creator_username: '=?UTF-8?B?SsO2cmc=?=' } });
    const result = await reader.readAdminMetadata(locate(dataset.uuid, ''));
    expect(result.status === 'found' && result.adminMetadata.creator_username).toBe('Jörg');
  });

  test('reports a protodataset as found with its type, for the caller to leave alone', async () => {
    const dataset = buildDataset({ bucket, frozen: false });
    await writeDataset(storage, dataset);
    const result = await reader.readAdminMetadata(locate(dataset.uuid, ''));
    expect(result.status === 'found' && result.adminMetadata.type).toBe('protodataset');
  });

  test('fails a dtool object with neither usable metadata nor a JSON body as unreadable content', async () => {
    const uuid = '0b7bd3d3-4b0e-4a8f-9c1e-2f3a4b5c6d7e';
    await storage.put({ key: `${uuid}/dtool`, body: 'not json' });
    await expect(reader.readAdminMetadata(locate(uuid, ''))).rejects.toMatchObject({ code: 'unreadable', message: expect.stringMatching(/JSON/) });
  });

  test('reports a missing dtool object as gone', async () => {
    expect(await reader.readAdminMetadata(locate('5d1c2b3a-0000-4000-8000-000000000001', 'u/alice/'))).toEqual({ status: 'gone' });
  });

  test('finds the prefix through the registration key when the location does not know it', async () => {
    const dataset = buildDataset({ bucket, prefix: 'u/bob/' });
    await writeDataset(storage, dataset);
    expect(await reader.readAdminMetadata(locate(dataset.uuid))).toEqual({ status: 'found', adminMetadata: dataset.content.adminMetadata, eTag: expect.any(String) });
  });

  test('uses the configured dataset prefix, as dtool-s3 does, when the registration key is missing', async () => {
    const dataset = buildDataset({ bucket, prefix: 'u/configured/' });
    await writeDataset(storage, dataset);
    await storage.delete(`dtool-${dataset.uuid}`);
    expect(await reader.readAdminMetadata(locate(dataset.uuid))).toEqual({ status: 'found', adminMetadata: dataset.content.adminMetadata, eTag: expect.any(String) });
  });

  test('reports a dataset whose registration key and configured prefix lead nowhere as gone', async () => {
    const dataset = buildDataset({ bucket, prefix: 'u/carol/' });
    await writeDataset(storage, dataset);
    await storage.delete(`dtool-${dataset.uuid}`);
    expect(await reader.readAdminMetadata(locate(dataset.uuid))).toEqual({ status: 'gone' });
  });
});

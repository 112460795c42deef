import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  buildDataset,
  readFixtureJson,
  readFixtureJsonLines,
  readFixtureText,
  readS3Layout,
  writeDataset,
  type BuiltDataset,
} from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from './product-stack.js';

// The buckets the captured payloads name; MinIO here holds datasets at the keys they name.
const buckets = { minio: 'test-bucket', storagegrid: 'frct-livmats', aws: 'my-dtool-bucket' } as const;

describe('every captured payload posted over HTTP to the real service', () => {
  let stack: LocalStack;
  let post: (path: string, body: string, contentType?: string, method?: string) => Promise<{ status: number; json: Record<string, unknown> }>;

  beforeAll(async () => {
    // MinIO's own notifications are off: the test is the sender, replaying the captures.
    stack = await startLocalStack({
            bucket: buckets.minio,
      extraBuckets: [buckets.storagegrid, buckets.aws],
      webhook: false,
    });
    post = async (path, body, contentType = 'application/json', method = 'POST') => {
      const response = await fetch(`${stack.serviceUrl}${path}`, { method, headers: { 'content-type': contentType }, body });
      return { status: response.status, json: (await response.json()) as Record<string, unknown> };
    };
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('the MinIO copy stream, each body posted after its object is written, indexes the dataset once', async () => {
    const layout = [...readS3Layout().write_order_of_dtool_copy];
    for (const body of readFixtureJsonLines('minio/webhook-copy-dataset.jsonl') as { EventName: string; Key: string }[]) {
      if (body.EventName.startsWith('s3:ObjectCreated')) {
        const key = body.Key.slice(`${buckets.minio}/`.length);
        const [object] = layout.splice(layout.findIndex((candidate) => candidate.key === key), 1);
        await createS3DatasetStorage(stack.s3Client, buckets.minio).put({ key, body: object?.body ?? '', metadata: object?.metadata ?? {} });
      }
      expect((await post('/webhook/notify', JSON.stringify(body))).status).toBe(200);
    }
    await expect(stack.service.index.findByUri('s3://test-bucket/49f0bf41-471b-4781-855e-161fe81ffb0d')).resolves.toMatchObject({
      name: 'simple_test_dataset',
      number_of_items: 1,
      size_in_bytes: 965,
      created_at: new Date(1645632787071),
      frozen_at: new Date(1645632787618),
    });
  });

  test('access events are acknowledged without any S3 or MongoDB work', async () => {
    stack.service.reader.resetStats();
    const writes = stack.service.index.stats().writes;
    for (const body of readFixtureJsonLines('minio/webhook-access-events.jsonl')) {
      const response = await post('/webhook/notify', JSON.stringify(body));
      expect(response.status).toBe(200);
      expect(response.json).toMatchObject({ summary: { ignored: 1, indexed: 0 } });
    }
    expect(stack.service.reader.stats().requests).toBe(0);
    expect(stack.service.index.stats().writes).toBe(writes);
  });

  test('StorageGRID SNS form posts and search-integration requests index and delete the dataset they name', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, buckets.storagegrid);
    const dataset = await writeFrozen(storage, buckets.storagegrid, '481b1bc4-f867-4580-b5d3-28fd7e64a107', 'u/jh1130/');
    const uri = `s3://${buckets.storagegrid}/${dataset.uuid}`;
    const form = 'application/x-www-form-urlencoded';
    expect((await post('/webhook/notify', readFixtureText('storagegrid/sns-form-endpoint-test.txt'), form)).status).toBe(200);
    expect((await post('/webhook/notify', readFixtureText('storagegrid/sns-form-object-created.txt'), form)).json).toMatchObject({
      summary: { indexed: 1 },
    });
    await expect(stack.service.index.findByUri(uri)).resolves.toMatchObject({ uuid: dataset.uuid });

    for (const key of dataset.objects.map((object) => object.key)) await storage.delete(key);
    expect((await post('/webhook/notify', readFixtureText('storagegrid/sns-form-object-removed.txt'), form)).json).toMatchObject({
      summary: { deleted: 1 },
    });
    await expect(stack.service.index.findByUri(uri)).resolves.toBeUndefined();

    await writeDataset(storage, dataset);
    const put = readFixtureJson('storagegrid/search-integration-put-admin-metadata.json') as { method: string; path: string; body: unknown };
    expect((await post(put.path, JSON.stringify(put.body), 'application/json', put.method)).status).toBe(200);
    await expect(stack.service.index.findByUri(uri)).resolves.toMatchObject({ uuid: dataset.uuid });
    for (const key of dataset.objects.map((object) => object.key)) await storage.delete(key);
    const deletion = readFixtureJson('storagegrid/search-integration-delete-admin-metadata.json') as { method: string; path: string };
    expect((await post(deletion.path, '', 'application/json', deletion.method)).status).toBe(200);
    await expect(stack.service.index.findByUri(uri)).resolves.toBeUndefined();
  });

  test('AWS S3 events, SNS notifications and the test event get the expected answers', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, buckets.aws);
    // The captured key is `projects/alpha+beta/...`: `+` encodes a space.
    const dataset = await writeFrozen(storage, buckets.aws, '7b1a2c9e-4f0d-4c55-9b1e-2d8f3a6c0e11', 'projects/alpha beta/');
    const uri = `s3://${buckets.aws}/${dataset.uuid}`;
    expect((await post('/webhook/notify', readFixtureText('aws/s3-test-event.json'))).status).toBe(200);
    expect((await post('/webhook/notify', readFixtureText('aws/s3-event-object-created.json'))).json).toMatchObject({ summary: { indexed: 1 } });
    await expect(stack.service.index.findByUri(uri)).resolves.toMatchObject({ uuid: dataset.uuid });
    const sns = await post('/webhook/notify', readFixtureText('aws/sns-notification-envelope.json'), 'text/plain; charset=UTF-8');
    expect(sns.json).toMatchObject({ summary: { indexed: 1 } });
    // Not in DSERVER_NOTIFY_ALLOWED_TOPIC_ARNS: refused, and the URL is never fetched.
    expect((await post('/webhook/notify', readFixtureText('aws/sns-subscription-confirmation.json'), 'text/plain')).status).toBe(403);
  });

  test('the captured deletion of two datasets empties the index', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, buckets.minio);
    const second = await writeFrozen(storage, buckets.minio, '31e75284-3532-4907-a5c5-399f2db74edd', 'u/testuser/');
    await stack.service.synchronizer.syncDataset({ bucket: buckets.minio, baseUri: 's3://test-bucket', uuid: second.uuid, prefix: 'u/testuser/' });
    expect(await stack.service.index.listUris('s3://test-bucket')).toHaveLength(2);
    for (const body of readFixtureJsonLines('minio/webhook-delete-two-datasets.jsonl') as { Key: string }[]) {
      await storage.delete(decodeURIComponent(body.Key.slice(`${buckets.minio}/`.length)));
      expect((await post('/webhook/notify', JSON.stringify(body))).status).toBe(200);
    }
    expect(await stack.service.index.listUris('s3://test-bucket')).toEqual([]);
  });
});

async function writeFrozen(storage: ReturnType<typeof createS3DatasetStorage>, bucket: string, uuid: string, prefix: string): Promise<BuiltDataset> {
  const dataset = buildDataset({ bucket, uuid, prefix, items: 2 });
  await writeDataset(storage, dataset);
  return dataset;
}

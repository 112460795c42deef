import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { silentLogger } from '@dtool-notify/domain';
import { buildDataset, deleteDataset, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { readRuntimeConfig, startService, type RunningService } from '@dtool-notify/app';
import { startLocalStack, type LocalStack } from './product-stack.js';

// StorageGRID names a document `<bucket>_<key>`, and legacy bucket names may hold `_`: with
// buckets `rtq` and `rtq_b`, the path `rtq_b_x/<uuid>/dtool` is key `b_x/...` of `rtq` or key
// `x/...` of `rtq_b`. MinIO refuses to create a bucket with `_`, so `rtq_b` is configured on
// the same MinIO without existing: every request to it fails as `NoSuchBucket` would.
const BUCKET = 'rtq';
const LONGER = 'rtq_b';

let stack: LocalStack;
let service: RunningService;

beforeAll(async () => {
  stack = await startLocalStack({ bucket: BUCKET, webhook: false });
  const config = readRuntimeConfig({
    ...stack.serviceEnv,
    DSERVER_NOTIFY_PORT: '0',
    DSERVER_NOTIFY_BUCKET_TO_BASE_URI: JSON.stringify({ [BUCKET]: `s3://${BUCKET}`, [LONGER]: `s3://${LONGER}` }),
    [`DTOOL_S3_ENDPOINT_${LONGER}`]: stack.s3.endpoint,
    [`DTOOL_S3_ACCESS_KEY_ID_${LONGER}`]: stack.s3.accessKeyId,
    [`DTOOL_S3_SECRET_ACCESS_KEY_${LONGER}`]: stack.s3.secretAccessKey,
  });
  if (!config.ok) throw new Error(config.problems.join('\n'));
  service = await startService(config.value, silentLogger);
});

afterAll(async () => {
  await service?.stop();
  await stack?.stop();
});

/** Sends a StorageGRID search-integration request for `<bucket>_<key>` as StorageGRID does. */
async function searchIntegration(method: 'PUT' | 'DELETE', documentId: string, body?: unknown): Promise<{ status: number; report: unknown }> {
  const response = await fetch(`${service.url}/elastic-search/notify/all/${documentId}`, {
    method,
    ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } }),
  });
  return { status: response.status, report: await response.json() };
}

async function writeUnder(prefix: string): Promise<BuiltDataset> {
  const dataset = buildDataset({ bucket: BUCKET, prefix, items: 2 });
  await writeDataset(createS3DatasetStorage(stack.s3Client, BUCKET), dataset);
  return dataset;
}

describe('StorageGRID search integration with bucket names that prefix each other (rtq, rtq_b)', () => {
  test('a DELETE whose path reads as either bucket removes the entry of the bucket whose index holds it', async () => {
    const dataset = await writeUnder('b_x/');
    const key = `b_x/${dataset.uuid}/dtool`;
    const uri = `s3://${BUCKET}/${dataset.uuid}`;
    // StorageGRID's PUT names bucket and key in its body.
    const put = await searchIntegration('PUT', `${BUCKET}_${key}`, { bucket: BUCKET, key, size: 400 });
    expect(put).toMatchObject({ status: 200, report: { records: [{ outcome: 'indexed', uri }] } });

    await deleteDataset(createS3DatasetStorage(stack.s3Client, BUCKET), dataset);
    // Its DELETE has no body: the path alone must do.
    const removed = await searchIntegration('DELETE', `${BUCKET}_${key}`);
    expect(removed.status).toBe(200);
    expect(removed.report).toMatchObject({
      records: [
        { outcome: 'ignored', key: `x/${dataset.uuid}/dtool`, reason: `the path could name bucket "${LONGER}" too, but the index holds this dataset in "${BUCKET}"` },
        { outcome: 'deleted', key, uri },
      ],
      summary: { deleted: 1, ignored: 1, failed: 0 },
    });
    expect(await service.index.findByUri(uri)).toBeUndefined();
  });

  test('when no candidate bucket holds the dataset in the index, each is tried: storage decides', async () => {
    const dataset = await writeUnder('b_y/');
    const key = `b_y/${dataset.uuid}/dtool`;
    const uri = `s3://${BUCKET}/${dataset.uuid}`;
    // A write reported without bucket and key in the body: only the path names the object.
    const put = await searchIntegration('PUT', `${BUCKET}_${key}`, {});
    expect(put.status).toBe(200);
    // The reading as `rtq_b` fails for good (no such bucket); it makes no retry loop and takes nothing from `rtq`.
    expect(put.report).toMatchObject({
      records: [{ outcome: 'failed', key: `y/${dataset.uuid}/dtool`, uri: `s3://${LONGER}/${dataset.uuid}` }, { outcome: 'indexed', key, uri }],
    });
    expect(await service.index.findByUri(uri)).toMatchObject({ uri, uuid: dataset.uuid });
  });
});

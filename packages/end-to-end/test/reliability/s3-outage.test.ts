import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from '../product-stack.js';
import { waitFor } from '../wait-for.js';
import { startDelayingProxy, type DelayingProxy } from './delaying-proxy.js';
import { reportFigures, sleep } from './figures.js';
import { expectedDocuments, indexedDocuments, waitForIndex } from './index-state.js';
import { queuedEvents } from './minio-queue.js';
import { postNotification, s3EventBody } from './notification-body.js';
import { createRecordingLogger } from './recording-logger.js';
import { differences, syncDryRun } from './sync-dry-run.js';
import { buildStorm, countingStorage, objectCount, uploadStorm } from './upload-storm.js';

const BUCKET = 'outage-s3';
const DOWNTIME_MS = 8_000;

describe('storage becomes unreachable for the reader while notifications arrive', () => {
  let dataDir: string;
  let proxy: DelayingProxy;
  let stack: LocalStack;
  let client: MongoClient;
  let collection: Collection<Document>;
  const logger = createRecordingLogger();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-s3-outage-'));
    // The service reads the bucket through the proxy; the test (and MinIO's notifications) do not.
    proxy = await startDelayingProxy();
    stack = await startLocalStack({
            dataDir,
      bucket: BUCKET,
      logger,
      serviceEnv: { [`DTOOL_S3_ENDPOINT_${BUCKET}`]: proxy.url },
    });
    proxy.setUpstream(Number(new URL(stack.s3.endpoint).port));
    client = new MongoClient(stack.mongoUri);
    collection = client.db('dtool_info').collection('datasets');
  });
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
    await proxy?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  test('503 with Retry-After and not ready while the endpoint refuses connections; once it is back, redelivery makes the index equal to the bucket', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    const queueDir = join(dataDir, 'minio-queue');
    const earlier = buildDataset({ bucket: BUCKET, prefix: 'u/early/', items: 2 });
    await writeDataset(storage, earlier);
    await waitFor('the dataset written before the outage', async () => ((await indexedDocuments(collection, stack.baseUri)).length === 1 ? true : undefined));

    const storm = buildStorm(BUCKET, { datasets: 6, items: 30 });
    const counting = countingStorage(storage);
    const upload = uploadStorm(counting, storm);
    await counting.whenWritten(Math.floor(objectCount(storm) / 3));
    await proxy.refuse();
    const downAt = Date.now();

    const readmeKey = `${earlier.prefix}${earlier.uuid}/README.yml`;
    const direct = await postNotification(stack.serviceUrl, s3EventBody(BUCKET, readmeKey));
    expect(direct.status).toBe(503);
    expect(Number(direct.retryAfter)).toBeGreaterThan(0);
    expect(direct.json).toMatchObject({ summary: { failed: 1 }, records: [{ outcome: 'failed', key: readmeKey }] });
    const ready = await fetch(`${stack.serviceUrl}/ready`, { signal: AbortSignal.timeout(20_000) });
    const readiness = (await ready.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> };
    expect(ready.status).toBe(503);
    expect(readiness.ready).toBe(false);
    expect(readiness.checks[`s3:${BUCKET}`]?.ok).toBe(false);
    expect(readiness.checks.mongodb?.ok).toBe(true);

    await upload;
    await waitFor('MinIO to be answered 503', async () => (logger.notificationsAnswered(503) > 1 ? true : undefined), 30_000);
    await sleep(Math.max(0, downAt + DOWNTIME_MS - Date.now()));
    const queuedWhileDown = queuedEvents(queueDir);
    expect(queuedWhileDown).toBeGreaterThan(0);
    const refusedDeliveries = logger.notificationsAnswered(503) - 1;

    await proxy.accept();
    const upAt = Date.now();
    const downtimeMs = upAt - downAt;
    const expected = expectedDocuments([earlier, ...storm], stack.baseUri);
    const convergedMs = await waitForIndex(collection, stack.baseUri, expected, 60_000);
    await waitFor('MinIO to empty its queue', async () => (queuedEvents(queueDir) === 0 ? true : undefined), 30_000);
    const drainedMs = Date.now() - upAt;
    expect(await indexedDocuments(collection, stack.baseUri)).toEqual(expected);
    expect((await fetch(`${stack.serviceUrl}/ready`)).status).toBe(200);

    const report = await syncDryRun(stack.serviceEnv, BUCKET);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    expect(report.counts.unchanged).toBe(1 + storm.length);
    reportFigures('s3-outage', {
      objectsUploaded: counting.written,
      downtimeMs,
      queuedWhileDown,
      deliveriesAnswered503: refusedDeliveries,
      directPost503AfterMs: direct.elapsedMs,
      convergedAfterReturnMs: convergedMs,
      queueDrainedAfterReturnMs: drainedMs,
    });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from '../product-stack.js';
import { waitFor } from '../wait-for.js';
import { reportFigures, sleep } from './figures.js';
import { expectedDocuments, indexedDocuments, waitForIndex } from './index-state.js';
import { queuedEvents } from './minio-queue.js';
import { createRecordingLogger } from './recording-logger.js';
import { postNotification, s3EventBody } from './notification-body.js';
import { restartableMongo, type RestartableMongo } from './restartable-mongo.js';
import { differences, syncDryRun } from './sync-dry-run.js';
import { buildStorm, countingStorage, objectCount, uploadStorm } from './upload-storm.js';

/** How long the server stays away: long enough for MinIO to fail and retry deliveries (every 3 s). */
const DOWNTIME_MS = 8_000;

describe('the MongoDB-protocol server stops during an upload storm', () => {
  let dataDir: string;
  let stack: LocalStack;
  let mongo: RestartableMongo;
  let client: MongoClient;
  let collection: Collection<Document>;
  const logger = createRecordingLogger();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-mongo-outage-'));
    stack = await startLocalStack({ dataDir, bucket: 'outage-mongo', logger });
    mongo = restartableMongo(stack.mongo, join(dataDir, 'mongo'));
    client = new MongoClient(stack.mongoUri, { serverSelectionTimeoutMS: 2_000 });
    collection = client.db('dtool_info').collection('datasets');
  });
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
    await mongo?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  test('503 with Retry-After and not ready while it is down; MinIO keeps and redelivers the events; the index ends equal to the bucket', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    const queueDir = join(dataDir, 'minio-queue');
    const earlier = buildDataset({ bucket: stack.bucket, prefix: 'u/early/', items: 2, readme: 'indexed: before the outage\n' });
    await writeDataset(storage, earlier);
    await waitFor('the dataset written before the outage', async () => ((await indexedDocuments(collection, stack.baseUri)).length === 1 ? true : undefined));

    const storm = buildStorm(stack.bucket, { datasets: 6, items: 30 });
    const counting = countingStorage(storage);
    // A third of the storm is written, the server stops (gracefully: it takes a few seconds),
    // and the rest is written once it is gone.
    const paused = counting.pauseAfter(Math.floor(objectCount(storm) / 3));
    const upload = uploadStorm(counting, storm);
    await paused;
    const indexedBeforeOutage = (await indexedDocuments(collection, stack.baseUri)).length;
    await mongo.stop();
    const downAt = Date.now();
    counting.resume();

    // A sender's view while the index is away: a notification that needs an index write, and the readiness probe.
    const readmeKey = `${earlier.prefix}${earlier.uuid}/README.yml`;
    const [direct, ready] = await Promise.all([
      postNotification(stack.serviceUrl, s3EventBody(stack.bucket, readmeKey)),
      fetch(`${stack.serviceUrl}/ready`, { signal: AbortSignal.timeout(20_000) }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { ready: boolean; checks: Record<string, { ok: boolean }> },
      })),
    ]);
    expect(direct.status).toBe(503);
    expect(Number(direct.retryAfter)).toBeGreaterThan(0);
    expect(direct.json).toMatchObject({ summary: { failed: 1 }, records: [{ outcome: 'failed', key: readmeKey }] });
    expect(ready.status).toBe(503);
    expect(ready.body.ready).toBe(false);
    expect(ready.body.checks.mongodb?.ok).toBe(false);

    await upload;
    const uploadedWhileDown = counting.written;
    // Besides the test's own POST, MinIO is answered 503 (a final `dtool` write needs the index)
    // and keeps those events in its queue until the index is back.
    await waitFor('MinIO to be answered 503', async () => (logger.notificationsAnswered(503) > 1 ? true : undefined), 30_000);
    await sleep(Math.max(0, downAt + DOWNTIME_MS - Date.now()));
    const queuedWhileDown = queuedEvents(queueDir);
    expect(queuedWhileDown).toBeGreaterThan(0);
    const refusedDeliveries = logger.notificationsAnswered(503) - 1;

    await mongo.start();
    const upAt = Date.now();
    const downtimeMs = upAt - downAt;
    const convergedMs = await waitForIndex(collection, stack.baseUri, expectedDocuments([earlier, ...storm], stack.baseUri), 60_000);
    await waitFor('MinIO to empty its queue', async () => (queuedEvents(queueDir) === 0 ? true : undefined), 30_000);
    const drainedMs = Date.now() - upAt;
    expect(await indexedDocuments(collection, stack.baseUri)).toEqual(expectedDocuments([earlier, ...storm], stack.baseUri));

    const ready2 = await fetch(`${stack.serviceUrl}/ready`);
    expect(ready2.status).toBe(200);
    const report = await syncDryRun(stack.serviceEnv, stack.bucket);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    expect(report.counts.unchanged).toBe(1 + storm.length);
    reportFigures('mongo-outage', {
      objectsUploaded: uploadedWhileDown,
      datasetsIndexedBeforeOutage: indexedBeforeOutage,
      downtimeMs,
      queuedWhileDown,
      deliveriesAnswered503: refusedDeliveries,
      directPost503AfterMs: direct.elapsedMs,
      convergedAfterRestartMs: convergedMs,
      queueDrainedAfterRestartMs: drainedMs,
    });
  });
});

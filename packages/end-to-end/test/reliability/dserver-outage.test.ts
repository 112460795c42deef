import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startDserver, STACK_DSERVER_USERS, type DserverHandle } from '@dtool-notify/dev-stack';
import { startLocalStack, type LocalStack } from '../product-stack.js';
import { dserverApi, type DserverApi } from '../dserver-api.js';
import { waitFor } from '../wait-for.js';
import { reportFigures, sleep } from './figures.js';
import { queuedEvents } from './minio-queue.js';
import { createRecordingLogger } from './recording-logger.js';
import { postNotification, s3EventBody } from './notification-body.js';
import { differences, syncDryRun } from './sync-dry-run.js';
import { buildStorm, countingStorage, objectCount, uploadStorm } from './upload-storm.js';

/** How long dserver stays away: long enough for MinIO to fail and retry deliveries (every 3 s). */
const DOWNTIME_MS = 8_000;

describe('dserver stops during an upload storm (DSERVER_NOTIFY_INDEX=dserver)', () => {
  let dataDir: string;
  let stack: LocalStack;
  let dserver: DserverHandle;
  let api: DserverApi;
  const logger = createRecordingLogger();
  const registeredUris = async (): Promise<string[]> => ((await api.get('/uris?page_size=100')).body as { uri: string }[]).map((dataset) => dataset.uri).sort();

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-dserver-outage-'));
    stack = await startLocalStack({ dataDir, bucket: 'outage-dserver', dserver: true, logger });
    dserver = stack.dserver as DserverHandle;
    api = dserverApi(dserver.url, dserver.tokens[STACK_DSERVER_USERS.reader] ?? '');
  }, 10 * 60_000);
  afterAll(async () => {
    await stack?.stop();
    await dserver?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  test('503 with Retry-After and not ready while it is down; MinIO keeps and redelivers the events; dserver ends equal to the bucket', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    const queueDir = join(dataDir, 'minio-queue');
    const earlier = buildDataset({ bucket: stack.bucket, prefix: 'u/early/', items: 2, readme: 'registered: before the outage\n' });
    await writeDataset(storage, earlier);
    await waitFor('the dataset written before the outage', async () => ((await registeredUris()).length === 1 ? true : undefined));

    const storm = buildStorm(stack.bucket, { datasets: 6, items: 30 });
    const counting = countingStorage(storage);
    const paused = counting.pauseAfter(Math.floor(objectCount(storm) / 3));
    const upload = uploadStorm(counting, storm);
    await paused;
    const registeredBeforeOutage = (await registeredUris()).length;
    await dserver.stop();
    const downAt = Date.now();
    counting.resume();

    const readmeKey = `${earlier.prefix}${earlier.uuid}/README.yml`;
    const [direct, ready] = await Promise.all([
      postNotification(stack.serviceUrl, s3EventBody(stack.bucket, readmeKey)),
      fetch(`${stack.serviceUrl}/ready`, { signal: AbortSignal.timeout(20_000) }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> },
      })),
    ]);
    expect(direct.status).toBe(503);
    expect(Number(direct.retryAfter)).toBeGreaterThan(0);
    expect(direct.json).toMatchObject({ summary: { failed: 1 }, records: [{ outcome: 'failed', key: readmeKey }] });
    expect(ready.status).toBe(503);
    expect(ready.body.checks.dserver).toMatchObject({ ok: false, detail: expect.stringContaining('unavailable') });

    await upload;
    await waitFor('MinIO to be answered 503', async () => (logger.notificationsAnswered(503) > 1 ? true : undefined), 30_000);
    await sleep(Math.max(0, downAt + DOWNTIME_MS - Date.now()));
    const queuedWhileDown = queuedEvents(queueDir);
    expect(queuedWhileDown).toBeGreaterThan(0);
    const refusedDeliveries = logger.notificationsAnswered(503) - 1;

    dserver = await startDserver({ mongoUri: stack.mongoUri, dataDir: dserver.dataDir, port: dserver.port });
    const upAt = Date.now();
    const expected = [earlier, ...storm].map((dataset) => `${stack.baseUri}/${dataset.uuid}`).sort();
    await waitFor('dserver to show every dataset', async () => (JSON.stringify(await registeredUris()) === JSON.stringify(expected) ? true : undefined), 60_000);
    const convergedMs = Date.now() - upAt;
    await waitFor('MinIO to empty its queue', async () => (queuedEvents(queueDir) === 0 ? true : undefined), 30_000);
    const drainedMs = Date.now() - upAt;

    expect((await fetch(`${stack.serviceUrl}/ready`)).status).toBe(200);
    // Every dataset as dserver shows it (registry, README, manifest, tags, annotations) equals the bucket.
    const report = await syncDryRun(stack.serviceEnv, stack.bucket);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    expect(report.counts.unchanged).toBe(1 + storm.length);
    reportFigures('dserver-outage', {
      datasetsRegisteredBeforeOutage: registeredBeforeOutage,
      downtimeMs: upAt - downAt,
      queuedWhileDown,
      deliveriesAnswered503: refusedDeliveries,
      directPost503AfterMs: direct.elapsedMs,
      convergedAfterRestartMs: convergedMs,
      queueDrainedAfterRestartMs: drainedMs,
    });
  });
});

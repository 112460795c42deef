import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { buildDataset, expectedDocument, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStackWithoutService } from '../product-stack.js';
import { startDelayingProxy, type DelayingProxy } from './delaying-proxy.js';
import { reportFigures, sleep } from './figures.js';
import { expectedDocuments, waitForIndex } from './index-state.js';
import { postNotification, s3EventBody } from './notification-body.js';
import { readRssMb, startServiceProcess, type ServiceProcess } from './service-process.js';
import { differences, syncDryRun } from './sync-dry-run.js';
import { buildStorm, uploadStorm } from './upload-storm.js';

/** Bucket A is read through the delaying proxy; bucket B (the stack's, notified by MinIO) directly. */
const SLOW = 'slow-a';
const FAST = 'slow-b';
const S3_TIMEOUT_MS = 1_500;
/** The reader makes two attempts per request (the SDK's retry included). */
const S3_ATTEMPTS = 2;
const RSS_LIMIT_MB = 300;

const dtoolKey = (dataset: BuiltDataset): string => `${dataset.prefix}${dataset.uuid}/dtool`;

describe('slow storage behind a delaying proxy', () => {
  let proxy: DelayingProxy;
  let stack: LocalStackWithoutService;
  let service: ServiceProcess;
  let client: MongoClient;
  let collection: Collection<Document>;
  const rssSamples: number[] = [];
  let sampler: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    proxy = await startDelayingProxy();
    stack = await startLocalStack({
            bucket: FAST,
      extraBuckets: [SLOW],
      startService: false,
      serviceEnv: { DSERVER_NOTIFY_S3_TIMEOUT_MS: String(S3_TIMEOUT_MS), [`DTOOL_S3_ENDPOINT_${SLOW}`]: proxy.url },
    });
    proxy.setUpstream(Number(new URL(stack.s3.endpoint).port));
    service = await startServiceProcess(stack.serviceEnv);
    rssSamples.push(service.rssMb());
    sampler = setInterval(() => {
      try {
        rssSamples.push(readRssMb(service.pid));
      } catch {
        // the process is gone; the tests say so
      }
    }, 200);
    client = new MongoClient(stack.mongoUri);
    collection = client.db('dtool_info').collection('datasets');
  });
  afterAll(async () => {
    clearInterval(sampler);
    await service?.stop();
    await client?.close();
    await stack?.stop();
    await proxy?.close();
  });

  test('a read slower than DSERVER_NOTIFY_S3_TIMEOUT_MS fails as retryable (503) within the configured bound', async () => {
    const dataset = buildDataset({ bucket: SLOW, prefix: 'u/slow/', items: 2 });
    await writeDataset(createS3DatasetStorage(stack.s3Client, SLOW), dataset);

    proxy.setDelay(4 * S3_TIMEOUT_MS);
    const slow = await postNotification(service.url, s3EventBody(SLOW, dtoolKey(dataset)));
    expect(slow.status).toBe(503);
    expect(Number(slow.retryAfter)).toBeGreaterThan(0);
    expect(slow.json).toMatchObject({ summary: { failed: 1 } });
    // It waited for the configured timeout, and not much longer than every attempt's worth of it.
    expect(slow.elapsedMs).toBeGreaterThanOrEqual(S3_TIMEOUT_MS);
    expect(slow.elapsedMs).toBeLessThan(S3_ATTEMPTS * S3_TIMEOUT_MS + 3_000);

    proxy.setDelay(0);
    const retried = await postNotification(service.url, s3EventBody(SLOW, dtoolKey(dataset)));
    expect(retried.status).toBe(200);
    expect(await collection.findOne({ uri: `s3://${SLOW}/${dataset.uuid}` }, { projection: { _id: 0 } })).toEqual(
      expectedDocument(dataset, `s3://${SLOW}`),
    );
    reportFigures('slow-s3 timeout', { s3TimeoutMs: S3_TIMEOUT_MS, answered503AfterMs: slow.elapsedMs });
  });

  test('a stalled bucket does not hold up another: its syncs fail while the other bucket is indexed promptly, and memory stays bounded', async () => {
    const stalled = Array.from({ length: 3 }, () => buildDataset({ bucket: SLOW, prefix: 'u/stalled/', items: 1 }));
    for (const dataset of stalled) await writeDataset(createS3DatasetStorage(stack.s3Client, SLOW), dataset);
    const rssBefore = service.rssMb();

    proxy.hold();
    // 200 notifications for the stalled datasets wait at once (they coalesce to a few syncs per dataset).
    const stalledAnswers = Promise.all(
      Array.from({ length: 200 }, (_, position) =>
        postNotification(service.url, s3EventBody(SLOW, dtoolKey(stalled[position % stalled.length] as BuiltDataset))),
      ),
    );
    let stalledSettled = false;
    const settle = (): void => {
      stalledSettled = true;
    };
    stalledAnswers.then(settle, settle);
    await sleep(200);

    const storm = buildStorm(FAST, { datasets: 3, items: 20 });
    const uploadStarted = Date.now();
    await uploadStorm(createS3DatasetStorage(stack.s3Client, FAST), storm);
    const uploadedAt = Date.now();
    const fastIndexedMs = await waitForIndex(collection, `s3://${FAST}`, expectedDocuments(storm, `s3://${FAST}`), 10_000);
    const stillStalled = !stalledSettled;
    expect(stillStalled).toBe(true);
    // Sooner than a single stalled sync could have timed out: nothing waited for the stalled bucket.
    expect(fastIndexedMs).toBeLessThan(S3_ATTEMPTS * S3_TIMEOUT_MS);

    const answers = await stalledAnswers;
    const statuses = new Set(answers.map((answer) => answer.status));
    expect(statuses).toEqual(new Set([503]));
    const slowestStalledMs = Math.max(...answers.map((answer) => answer.elapsedMs));

    proxy.release();
    for (const dataset of stalled) expect((await postNotification(service.url, s3EventBody(SLOW, dtoolKey(dataset)))).status).toBe(200);
    const rssAfter = service.rssMb();
    const rssPeak = Math.max(...rssSamples);
    expect(rssPeak).toBeLessThan(RSS_LIMIT_MB);
    expect(rssAfter).toBeLessThan(RSS_LIMIT_MB);

    for (const bucket of [SLOW, FAST]) {
      expect(differences(await syncDryRun(stack.serviceEnv, bucket))).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    }
    reportFigures('slow-s3 isolation', {
      stormUploadMs: uploadedAt - uploadStarted,
      fastBucketIndexedAfterUploadMs: fastIndexedMs,
      slowestStalledAnswerMs: slowestStalledMs,
      rssBeforeMb: Math.round(rssBefore),
      rssPeakMb: Math.round(rssPeak),
      rssAfterMb: Math.round(rssAfter),
    });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { buildDataset, readmeObject, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStackWithoutService } from '../product-stack.js';
import { waitFor } from '../wait-for.js';
import { startDelayingProxy, type DelayingProxy } from './delaying-proxy.js';
import { reportFigures, sleep } from './figures.js';
import { expectedDocuments, indexedDocuments, waitForIndex } from './index-state.js';
import { queuedEvents } from './minio-queue.js';
import { postNotification, s3EventBody } from './notification-body.js';
import { startServiceProcess, type ServiceProcess } from './service-process.js';
import { differences, syncDryRun } from './sync-dry-run.js';
import { tryRequest } from './try-request.js';
import { buildStorm, countingStorage, objectCount, uploadStorm } from './upload-storm.js';

const BUCKET = 'crash';
const dtoolKey = (dataset: BuiltDataset): string => `${dataset.prefix}${dataset.uuid}/dtool`;
/** A bucket MinIO does not notify about: only the test's own notifications start its syncs. */
const QUIET = 'crash-quiet';

describe('dtool-notify serve as a process: killed, restarted and stopped', () => {
  let dataDir: string;
  let proxy: DelayingProxy;
  let stack: LocalStackWithoutService;
  let service: ServiceProcess | undefined;
  let client: MongoClient;
  let collection: Collection<Document>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-crash-'));
    proxy = await startDelayingProxy();
    stack = await startLocalStack({
            dataDir,
      bucket: BUCKET,
      extraBuckets: [QUIET],
      startService: false,
      serviceEnv: { [`DTOOL_S3_ENDPOINT_${BUCKET}`]: proxy.url, [`DTOOL_S3_ENDPOINT_${QUIET}`]: proxy.url },
    });
    proxy.setUpstream(Number(new URL(stack.s3.endpoint).port));
    client = new MongoClient(stack.mongoUri);
    collection = client.db('dtool_info').collection('datasets');
  });
  afterAll(async () => {
    await service?.stop();
    await client?.close();
    await stack?.stop();
    await proxy?.close();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  test('SIGKILL mid-storm, restart on the same port: MinIO redelivers what the dead process never answered and the index ends equal to the bucket', async () => {
    service = await startServiceProcess(stack.serviceEnv);
    const storage = createS3DatasetStorage(stack.s3Client, BUCKET);
    const queueDir = join(dataDir, 'minio-queue');
    const storm = buildStorm(BUCKET, { datasets: 6, items: 30 });
    const counting = countingStorage(storage);
    // Killed mid-work: half the storm written, a sync in flight (storage holds its reads), the
    // rest of the storm written while the process is dead.
    proxy.hold();
    const paused = counting.pauseAfter(Math.floor(objectCount(storm) / 2));
    const upload = uploadStorm(counting, storm);
    await paused;
    await waitFor('a sync in flight', async () => (proxy.pendingChunks > 0 ? true : undefined), 30_000);
    service.kill('SIGKILL');
    const killedAt = Date.now();
    proxy.release();
    const writtenAtKill = counting.written;
    const indexedAtKill = await collection.countDocuments({ base_uri: stack.baseUri });
    counting.resume();
    expect(await service.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(await tryRequest(`${service.url}/health`)).toBe('ECONNREFUSED');
    await upload;
    await sleep(Math.max(0, killedAt + 5_000 - Date.now()));
    const queuedWhileDead = queuedEvents(queueDir);
    expect(queuedWhileDead).toBeGreaterThan(0);

    service = await startServiceProcess(stack.serviceEnv);
    const upAt = Date.now();
    const expected = expectedDocuments(storm, stack.baseUri);
    const convergedMs = await waitForIndex(collection, stack.baseUri, expected, 60_000);
    await waitFor('MinIO to empty its queue', async () => (queuedEvents(queueDir) === 0 ? true : undefined), 30_000);
    const drainedMs = Date.now() - upAt;
    expect(await indexedDocuments(collection, stack.baseUri)).toEqual(expected);

    const report = await syncDryRun(stack.serviceEnv, BUCKET);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    expect(report.counts.unchanged).toBe(storm.length);
    reportFigures('sigkill', {
      objectsUploaded: counting.written,
      writtenAtKill,
      indexedAtKill,
      deadForMs: upAt - killedAt,
      queuedWhileDead,
      convergedAfterRestartMs: convergedMs,
      queueDrainedAfterRestartMs: drainedMs,
    });
  });

  test('SIGTERM: syncs in flight finish and are answered, new requests are refused, the process exits 0', async () => {
    await service?.stop();
    service = await startServiceProcess(stack.serviceEnv);
    const quietUri = `s3://${QUIET}`;
    const storage = createS3DatasetStorage(stack.s3Client, QUIET);
    const changed = buildDataset({ bucket: QUIET, prefix: 'u/term/', items: 3, readme: 'version: 1\n' });
    const unchanged = buildDataset({ bucket: QUIET, prefix: 'u/term/', items: 1 });
    for (const dataset of [changed, unchanged]) {
      await writeDataset(storage, dataset);
      expect((await postNotification(service.url, s3EventBody(QUIET, dtoolKey(dataset)))).status).toBe(200);
    }

    // Storage stalls, so both syncs the test asks for stay in flight (nothing else reads this bucket).
    proxy.hold();
    await storage.put(readmeObject(changed, 'version: 2\n'));
    const settled = <T>(promise: Promise<T>): Promise<T | Error> => promise.catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const inFlight = [
      settled(postNotification(service.url, s3EventBody(QUIET, `${changed.prefix}${changed.uuid}/README.yml`))),
      settled(postNotification(service.url, s3EventBody(QUIET, dtoolKey(unchanged)))),
    ];
    const heldFor = (uuid: string) => proxy.pendingLines.some((line) => line.includes(uuid));
    await waitFor('both syncs held at the storage proxy', async () => (heldFor(changed.uuid) && heldFor(unchanged.uuid) ? true : undefined), 10_000);

    service.kill('SIGTERM');
    const signalledAt = Date.now();
    await sleep(300);
    const refusedHealth = await tryRequest(`${service.url}/health`);
    const refusedPost = await tryRequest(`${service.url}/webhook/notify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: s3EventBody(QUIET, dtoolKey(changed)),
    });
    for (const refused of [refusedHealth, refusedPost]) expect(['ECONNREFUSED', 503]).toContain(refused);
    // Still running, waiting for the syncs in flight, which have not written yet.
    expect(await Promise.race([service.exited.then(() => 'exited'), sleep(500).then(() => 'running')])).toBe('running');
    const changedUri = `${quietUri}/${changed.uuid}`;
    expect(await collection.findOne({ uri: changedUri }, { projection: { _id: 0, readme: 1 } })).toEqual({ readme: 'version: 1\n' });

    const releasedAt = Date.now();
    proxy.release();
    const answers = await Promise.all(inFlight);
    const exit = await Promise.race([service.exited, sleep(15_000).then(() => undefined)]);
    const exitedAt = Date.now();
    expect(exit).toEqual({ code: 0, signal: null });
    // Once the last sync is answered there is nothing left to wait for (no keep-alive idle timeout).
    expect(exitedAt - releasedAt).toBeLessThan(3_000);
    for (const answer of answers) expect(answer).toMatchObject({ status: 200, json: { summary: { indexed: 1 } } });
    expect(await collection.findOne({ uri: changedUri }, { projection: { _id: 0, readme: 1 } })).toEqual({ readme: 'version: 2\n' });

    for (const bucket of [BUCKET, QUIET]) {
      expect(differences(await syncDryRun(stack.serviceEnv, bucket))).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    }
    reportFigures('sigterm', { exitAfterSignalMs: exitedAt - signalledAt, exitAfterStorageReleasedMs: exitedAt - releasedAt, refusedHealth, refusedPost });
    service = undefined;
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { silentLogger } from '@dtool-notify/domain';
import { createS3ManifestReader } from '@dtool-notify/adapter-s3';
import { datasetHistoryArbitrary, datasetOf, runHistory } from '@dtool-notify/testkit/histories';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { readRuntimeConfig, startService, type RunningService } from '@dtool-notify/app';
import { replayNotifications } from '@dtool-notify/dev-stack';
import { startLocalStack, type LocalStackWithoutService } from '../product-stack.js';
import { waitFor } from '../wait-for.js';
import { reportFigures } from './figures.js';
import { bucketTruth, duplicateUris, indexedDocuments, waitForIndex } from './index-state.js';
import { queuedEvents } from './minio-queue.js';
import { startNotificationTee, type NotificationTee } from './notification-tee.js';
import { differences, syncDryRun } from './sync-dry-run.js';

const BUCKET = 'twins';
/** Change it to explore another history; a failure names the seed it ran with. */
const SEED = 20_251_129;

describe('two service instances on one MongoDB-protocol server, receiving the same stream', () => {
  let dataDir: string;
  let stack: LocalStackWithoutService;
  let instances: RunningService[] = [];
  let tee: NotificationTee;
  let client: MongoClient;
  let collection: Collection<Document>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-twins-'));
    stack = await startLocalStack({ dataDir, bucket: BUCKET, startService: false });
    const config = readRuntimeConfig({ ...stack.serviceEnv, DSERVER_NOTIFY_PORT: '0' });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    instances = [await startService(config.value, silentLogger), await startService(config.value, silentLogger)];
    // Where MinIO delivers: every notification goes to both instances at the same moment.
    tee = await startNotificationTee(Number(new URL(stack.serviceUrl).port), instances.map((instance) => instance.url));
    client = new MongoClient(stack.mongoUri);
    collection = client.db('dtool_info').collection('datasets');
  });
  afterAll(async () => {
    await tee?.close();
    await Promise.all(instances.map((instance) => instance.stop()));
    await client?.close();
    await stack?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  test(`a random history (seed ${SEED}) of uploads, retags, README edits and deletions, then the whole stream again shuffled and duplicated: one document per dataset, equal to the bucket`, async () => {
    const [histories] = fc.sample(fc.array(datasetHistoryArbitrary({ maxPauseMs: 40 }), { minLength: 10, maxLength: 10 }), { seed: SEED, numRuns: 1 });
    if (histories === undefined) throw new Error('no history sampled');
    const plan = histories.map((history) => ({ history, dataset: datasetOf(history, BUCKET) }));
    const datasets = plan.map(({ dataset }) => dataset);
    const deleted = plan.filter(({ history }) => history.steps.at(-1)?.kind === 'delete').map(({ dataset }) => dataset);
    // The seed is chosen so the history both keeps and deletes datasets.
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted.length).toBeLessThan(datasets.length);

    const storage = createS3DatasetStorage(stack.s3Client, BUCKET);
    const started = Date.now();
    await Promise.all(plan.map(({ history, dataset }) => runHistory(storage, dataset, history)));
    const writtenAt = Date.now();
    const reader = createS3ManifestReader({
      buckets: new Map([[BUCKET, { endpoint: stack.s3.endpoint, accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey }]]),
    });
    const truth = await bucketTruth(reader, datasets, stack.baseUri);
    reader.close();
    expect(truth).toHaveLength(datasets.length - deleted.length);

    const convergedMs = await waitForIndex(collection, stack.baseUri, truth, 60_000);
    await waitFor('MinIO to empty its queue', async () => (queuedEvents(join(dataDir, 'minio-queue')) === 0 ? true : undefined), 30_000);
    await Promise.all(instances.map((instance) => instance.synchronizer.whenIdle()));
    const live = await indexedDocuments(collection, stack.baseUri);
    expect(duplicateUris(live)).toEqual([]);
    expect(live).toEqual(truth);

    // The captured stream again, to both instances at once: shuffled, a third of it twice, every
    // `created` of a deleted dataset now late.
    const captured = [...tee.captured];
    const [order] = fc.sample(fc.shuffledSubarray([...captured.keys()], { minLength: captured.length }), { seed: SEED, numRuns: 1 });
    const stream = [...(order ?? []), ...(order ?? []).filter((position) => position % 3 === 0)].map((position) => captured[position] ?? '');
    const replays = await Promise.all(
      instances.map((instance) => replayNotifications(stream, { url: `${instance.url}/webhook/notify`, concurrency: 8 })),
    );
    for (const replay of replays) expect(replay.statuses).toEqual({ 200: stream.length });
    await Promise.all(instances.map((instance) => instance.synchronizer.whenIdle()));

    const replayed = await indexedDocuments(collection, stack.baseUri);
    expect(duplicateUris(replayed)).toEqual([]);
    expect(replayed).toEqual(truth);
    for (const dataset of datasets) {
      const count = await collection.countDocuments({ uri: `${stack.baseUri}/${dataset.uuid}` });
      expect(count).toBe(deleted.includes(dataset) ? 0 : 1);
    }
    const report = await syncDryRun(stack.serviceEnv, BUCKET);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    reportFigures('two-instances', {
      datasets: datasets.length,
      deleted: deleted.length,
      notificationsCaptured: captured.length,
      replayedPerInstance: stream.length,
      historyWrittenMs: writtenAt - started,
      convergedAfterWritesMs: convergedMs,
      teeAnswered: JSON.stringify(tee.answered),
      duplicateKeyRetries: instances.reduce((sum, instance) => {
        const stats = instance.index.stats();
        return sum + ('duplicateKeyRetries' in stats ? stats.duplicateKeyRetries : 0);
      }, 0),
    });
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { buildDataset, datasetKeys, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { freePort } from '@dtool-notify/dev-stack';
import { startLocalStack, type LocalStackWithoutService } from '../product-stack.js';
import { waitFor } from '../wait-for.js';
import { startDelayingProxy, type DelayingProxy } from './delaying-proxy.js';
import { reportFigures, sleep } from './figures.js';
import { indexedDocuments } from './index-state.js';
import { postNotification, s3EventBody } from './notification-body.js';
import { startNotificationRouter, type NotificationRouter } from './notification-router.js';
import { startServiceProcess, type ServiceProcess } from './service-process.js';
import { differences, syncDryRun } from './sync-dry-run.js';

const BUCKET = 'late-write';
/** How late instance B's MongoDB traffic arrives: long enough for A to delete meanwhile. */
const MONGO_DELAY_MS = 1_500;

/** `uri` with its host's port replaced (a MongoDB URI or an S3 endpoint through a proxy). */
function throughPort(uri: string, port: number): string {
  return uri.replace(/127\.0\.0\.1:\d+/, `127.0.0.1:${port}`);
}

describe('two dtool-notify serve processes on one index, one of them with a slow link to it', () => {
  let stack: LocalStackWithoutService;
  let mongoProxy: DelayingProxy;
  let s3Proxy: DelayingProxy;
  let fast: ServiceProcess;
  let slow: ServiceProcess;
  let router: NotificationRouter;
  let client: MongoClient;
  let collection: Collection<Document>;
  /** Which instance the router hands a notification to; each test sets its own. */
  let route: (body: string) => string = () => '';

  beforeAll(async () => {
    // No dataDir, so no queue_dir: MinIO sends each event at once instead of on its 3 s replay tick
    // (the router answers at once anyway), and the removal can overtake the slow write.
    stack = await startLocalStack({ bucket: BUCKET, startService: false });
    mongoProxy = await startDelayingProxy({ upstreamPort: Number(/127\.0\.0\.1:(\d+)/.exec(stack.mongoUri)?.[1]) });
    s3Proxy = await startDelayingProxy({ upstreamPort: Number(new URL(stack.s3.endpoint).port) });
    fast = await startServiceProcess({ ...stack.serviceEnv, DSERVER_NOTIFY_PORT: String(await freePort()) });
    slow = await startServiceProcess({
      ...stack.serviceEnv,
      DSERVER_NOTIFY_PORT: String(await freePort()),
      SEARCH_MONGO_URI: throughPort(stack.mongoUri, mongoProxy.port),
      [`DTOOL_S3_ENDPOINT_${BUCKET}`]: s3Proxy.url,
    });
    router = await startNotificationRouter(Number(new URL(stack.serviceUrl).port), (body) => route(body));
    client = new MongoClient(stack.mongoUri);
    collection = client.db('dtool_info').collection('datasets');
  });
  afterAll(async () => {
    await router?.close();
    await Promise.all([fast?.stop(), slow?.stop()]);
    await Promise.all([mongoProxy?.close(), s3Proxy?.close()]);
    await client?.close();
    await stack?.stop();
  });

  test('a dataset deleted while the slow instance writes it is not brought back by that late write', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, BUCKET);
    const dataset = buildDataset({ bucket: BUCKET, prefix: 'u/late/', items: 3, tags: ['raw'], annotations: { project: 'late' } });
    const uri = `${stack.baseUri}/${dataset.uuid}`;
    // A load balancer that happens to send every write to the slow instance, every removal to the fast one.
    route = (body) => (body.includes('ObjectRemoved') ? fast.url : slow.url);
    mongoProxy.setDelay(MONGO_DELAY_MS);
    const started = Date.now();
    await writeDataset(storage, dataset);

    // The slow instance reads the frozen dataset (its manifest) and sends its write to the index...
    const manifestRead = `GET /${BUCKET}/${dataset.prefix}${dataset.uuid}/manifest.json`;
    await waitFor('the slow instance to read the dataset', async () => (s3Proxy.sentLines.some((line) => line.startsWith(manifestRead)) ? true : undefined), 30_000);
    await waitFor('its write to be on the slow link', async () => (mongoProxy.pendingChunks > 0 ? true : undefined), 10_000);
    const readAt = Date.now();
    // ...and, while that write is on its way, the dataset is deleted (its dtool object first,
    // as \`dtool\` would have it gone) and the fast instance removes the entry.
    const dtoolKey = `${dataset.prefix}${dataset.uuid}/dtool`;
    await storage.delete(dtoolKey);
    const removalHandled = (delivery: { target: string; body: string; status: number }): boolean =>
      delivery.target === fast.url && delivery.status === 200 && delivery.body.includes(`${BUCKET}/${dtoolKey}"`);
    await waitFor('the fast instance to handle the removal of dtool', async () => (router.deliveries.some(removalHandled) ? true : undefined), 10_000);
    const deletedAt = Date.now();
    // The race of issue 10 item 12 took place: the entry was removed before the slow write could land.
    expect(deletedAt - readAt).toBeLessThan(MONGO_DELAY_MS);
    for (const key of datasetKeys(dataset).filter((key) => key !== dtoolKey)) await storage.delete(key);

    await router.idle();
    // Nothing is pending any more: whatever the index holds now stays.
    await sleep(500);
    expect(await collection.countDocuments({ uri })).toBe(0);
    expect(await indexedDocuments(collection, stack.baseUri)).toEqual([]);
    expect(router.answered[slow.url]).toEqual({ 200: dataset.objects.length });
    expect(router.answered[fast.url]).toEqual({ 200: datasetKeys(dataset).length });
    mongoProxy.setDelay(0);
    const report = await syncDryRun(stack.serviceEnv, BUCKET);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    reportFigures('late-write', {
      mongoDelayMs: MONGO_DELAY_MS,
      deletedWhileWriteInFlightMs: deletedAt - readAt,
      scenarioMs: Date.now() - started,
    });
  }, 120_000);

  test('an older version read by the slow instance does not stay over the newer one the fast instance wrote', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, BUCKET);
    const dataset = buildDataset({ bucket: BUCKET, prefix: 'u/edit/', items: 2, readme: 'version: 1\n' });
    route = () => fast.url;
    await writeDataset(storage, dataset);
    await waitFor('the dataset indexed', async () => (await collection.findOne({ uri: `${stack.baseUri}/${dataset.uuid}` })) ?? undefined, 30_000);
    await router.idle();

    // The slow instance is told about the dataset (a late duplicate of its dtool write) and reads version 1...
    mongoProxy.setDelay(MONGO_DELAY_MS);
    const dtoolKey = `${dataset.prefix}${dataset.uuid}/dtool`;
    const late = postNotification(slow.url, s3EventBody(BUCKET, dtoolKey), 60_000);
    const readmeRead = `GET /${BUCKET}/${dataset.prefix}${dataset.uuid}/README.yml`;
    const before = s3Proxy.sentLines.filter((line) => line.startsWith(readmeRead)).length;
    await waitFor('the slow instance to read version 1', async () => (s3Proxy.sentLines.filter((line) => line.startsWith(readmeRead)).length > before ? true : undefined), 30_000);
    const readAt = Date.now();
    // ...while its write is on the slow link, README becomes version 2 and the fast instance indexes that.
    await storage.put({ key: `${dataset.prefix}${dataset.uuid}/README.yml`, body: 'version: 2\n' });
    await waitFor('version 2 indexed', async () => ((await collection.findOne({ uri: `${stack.baseUri}/${dataset.uuid}` }))?.['readme'] === 'version: 2\n' ? true : undefined), 10_000);
    const newerAt = Date.now();
    expect(newerAt - readAt).toBeLessThan(MONGO_DELAY_MS);

    expect((await late).status).toBe(200);
    await router.idle();
    mongoProxy.setDelay(0);
    expect(await collection.findOne({ uri: `${stack.baseUri}/${dataset.uuid}` })).toMatchObject({ readme: 'version: 2\n' });
    const report = await syncDryRun(stack.serviceEnv, BUCKET);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
    reportFigures('late-write, older version', { mongoDelayMs: MONGO_DELAY_MS, newerIndexedWhileOlderInFlightMs: newerAt - readAt });
  }, 120_000);
});

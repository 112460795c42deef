import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { createS3ManifestReader } from '@dtool-notify/adapter-s3';
import { buildDataset, deleteDataset, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { datasetHistoryArbitrary, datasetOf, runHistory } from '@dtool-notify/testkit/histories';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { silentLogger } from '@dtool-notify/domain';
import { readRuntimeConfig, startService } from '@dtool-notify/app';
import { startKafka, type KafkaHandle } from '@dtool-notify/dev-stack';
import { startLocalStack, type LocalStackWithoutService } from '../product-stack.js';
import { waitFor } from '../wait-for.js';
import { reportFigures } from '../reliability/figures.js';
import { bucketTruth, duplicateUris, indexedDocuments } from '../reliability/index-state.js';
import { restartableMongo, type RestartableMongo } from '../reliability/restartable-mongo.js';
import { differences, syncDryRun } from '../reliability/sync-dry-run.js';
import { buildStorm, countingStorage, objectCount, uploadStorm } from '../reliability/upload-storm.js';
import { hasPartitions, startConsumerProcess, type ConsumerProcess } from './consumer-process.js';
import { createTopics, publish, readTopic } from './kafka-topics.js';
import { parsePrometheusText, sumOf, type Sample } from '../observability/prometheus-text.js';

const BUCKET = 'kafka-events';
const TOPIC = 'bucket-events';
const DEAD_LETTERS = 'dtool-dead-letters';
const SEED = 20_261_201;

describe('MinIO → Kafka → dtool-notify consume → MongoDB', () => {
  let dataDir: string;
  let kafka: KafkaHandle;
  let stack: LocalStackWithoutService;
  let mongo: RestartableMongo;
  let client: MongoClient;
  let collection: Collection<Document>;
  let consumers: ConsumerProcess[] = [];

  const startConsumers = async (count: number): Promise<ConsumerProcess[]> => {
    const started = Array.from({ length: count }, () => startConsumerProcess(stack.serviceEnv));
    consumers.push(...started);
    await waitFor(`${count} consumer(s) to get partitions`, async () => (consumers.filter((consumer) => hasPartitions(consumer)).length >= count ? true : undefined), 40_000)
      .catch((error: unknown) => {
        throw new Error(`${String(error)}\n${started.map((consumer) => consumer.output()).join('\n---\n')}`);
      });
    return started;
  };
  const stopConsumers = async (): Promise<void> => {
    const running = consumers;
    consumers = [];
    for (const consumer of running) consumer.kill('SIGTERM');
    const exits = await Promise.race([
      Promise.all(running.map((consumer) => consumer.exited)),
      new Promise<never>((_, reject) => setTimeout(() => {
        for (const consumer of running) consumer.kill('SIGKILL');
        reject(new Error(`a consumer did not stop within 20 s of SIGTERM:\n${running.map((consumer) => consumer.output()).join('\n---\n')}`));
      }, 20_000)),
    ]);
    // A consumer stopped by SIGTERM finishes its work, commits, leaves the group and exits 0.
    expect(exits.filter((exit) => exit.signal !== 'SIGKILL' && exit.code !== 0)).toEqual([]);
  };
  /** The dry run finds nothing to add, update or remove; `failed` counts datasets whose content cannot be read (a poison one). */
  const assertConverged = async (failed = 0): Promise<void> => {
    const report = await syncDryRun(stack.serviceEnv, BUCKET);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed });
    expect(duplicateUris(await indexedDocuments(collection, stack.baseUri))).toEqual([]);
  };
  const truthOf = async (datasets: readonly BuiltDataset[]) => {
    const reader = createS3ManifestReader({
      buckets: new Map([[BUCKET, { endpoint: stack.s3.endpoint, accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey }]]),
    });
    try {
      return await bucketTruth(reader, datasets, stack.baseUri);
    } finally {
      reader.close();
    }
  };
  const allDatasets: BuiltDataset[] = [];
  /** Waits until the index holds exactly the datasets storage holds (their content is checked by the dry run). */
  const waitForIndexed = async (truth: readonly { uri: string }[], timeoutMs: number): Promise<number> => {
    const started = Date.now();
    const expected = truth.map((document) => document.uri).sort();
    await waitFor('the index to hold exactly the bucket\'s datasets', async () => {
      const uris = (await indexedDocuments(collection, stack.baseUri)).map((document) => document.uri).sort();
      return JSON.stringify(uris) === JSON.stringify(expected) ? true : undefined;
    }, timeoutMs);
    return Date.now() - started;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-kafka-'));
    kafka = await startKafka({ dataDir: join(dataDir, 'kafka') });
    await createTopics(kafka.brokers, [TOPIC], 3);
    await createTopics(kafka.brokers, [DEAD_LETTERS], 1);
    stack = await startLocalStack({
      dataDir,
      bucket: BUCKET,
      webhook: false,
      // The queue keeps MinIO's events while the broker restarts (without it MinIO drops them).
      kafka: { brokers: kafka.brokers, topic: TOPIC, queueDir: join(dataDir, 'minio-kafka-queue') },
      startService: false,
      serviceEnv: { DSERVER_NOTIFY_KAFKA_GROUP_ID: 'kafka-e2e', DSERVER_NOTIFY_KAFKA_DEAD_LETTER_TOPIC: DEAD_LETTERS },
    });
    mongo = restartableMongo(stack.mongo, join(dataDir, 'mongo'));
    client = new MongoClient(stack.mongoUri, { serverSelectionTimeoutMS: 2_000 });
    collection = client.db('dtool_info').collection('datasets');
  });
  afterEach(async () => {
    await stopConsumers();
  });
  afterAll(async () => {
    for (const consumer of consumers) consumer.kill('SIGKILL');
    await client?.close();
    await stack?.stop();
    await mongo?.stop();
    await kafka?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  // First in the file: the topic is still empty, so the consumer's counts are this test's work alone.
  test('a consumer serves /metrics and /status, not the notify routes: exact Kafka counts after an upload and a malformed message, lag 0 once caught up', async () => {
    const [consumer] = await startConsumers(1);
    const url = consumer?.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const scrape = async (): Promise<Sample[]> => {
      const response = await fetch(`${url}/metrics`);
      expect(response.status).toBe(200);
      return parsePrometheusText(await response.text());
    };
    const lagSeries = (samples: readonly Sample[]): Sample[] => samples.filter((sample) => sample.name === 'dtool_notify_kafka_consumer_lag_messages');
    const dataset = buildDataset({ bucket: BUCKET, prefix: 'u/metrics/', items: 1 });
    expect(dataset.objects).toHaveLength(8);
    allDatasets.push(dataset);
    await Promise.all([writeDataset(createS3DatasetStorage(stack.s3Client, BUCKET), dataset), publish(kafka.brokers, TOPIC, ['{"Records": "not a list"}'])]);
    const after = await waitFor('all 9 messages done and committed', async () => {
      const samples = await scrape();
      const caughtUp = sumOf(samples, 'dtool_notify_kafka_messages_total') === 9 && lagSeries(samples).length === 3 && sumOf(samples, 'dtool_notify_kafka_consumer_lag_messages') === 0;
      return caughtUp ? samples : undefined;
    }, 30_000);
    // One message per object written, one record each; the malformed message has none.
    expect(sumOf(after, 'dtool_notify_kafka_records_total')).toBe(8);
    expect(sumOf(after, 'dtool_notify_kafka_permanent_failures_total')).toBe(1);
    expect(sumOf(after, 'dtool_notify_kafka_dead_lettered_total')).toBe(1);
    expect(sumOf(after, 'dtool_notify_kafka_retries_total')).toBe(0);
    expect(sumOf(after, 'dtool_notify_kafka_commits_total')).toBeGreaterThan(0);
    expect(sumOf(after, 'dtool_notify_kafka_rebalances_total')).toBe(consumer?.events('kafka-assignment').length);
    expect(sumOf(after, 'dtool_notify_kafka_rebalances_total')).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, 'dtool_notify_kafka_assigned_partitions')).toBe(3);
    expect(lagSeries(after).map((sample) => sample.labels).sort((a, b) => Number(a['partition']) - Number(b['partition'])))
      .toEqual([0, 1, 2].map((partition) => ({ topic: TOPIC, partition: String(partition) })));
    expect(after.filter((sample) => sample.name === 'dtool_notify_kafka_consumer_state')).toEqual([{ name: 'dtool_notify_kafka_consumer_state', labels: { state: 'consuming' }, value: 1 }]);
    // The records went through the service's one observer, as a webhook's do: counted by outcome, the dataset indexed.
    expect(sumOf(after, 'dtool_notify_records_total')).toBe(8);
    expect(sumOf(after, 'dtool_notify_records_total', { outcome: 'indexed' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(after, 'dtool_notify_index_writes_total', { operation: 'upsert' })).toBeGreaterThanOrEqual(1);

    const page = await (await fetch(`${url}/status`)).text();
    expect(page).toContain('<dd id="kafka-state">consuming</dd>');
    expect(page).toContain('<dd id="kafka-partitions-assigned">3</dd>');
    expect(page).toContain('<dd id="kafka-lag">0 messages</dd>');
    expect(page).toContain('<dd id="kafka-dead-lettered">1</dd>');
    const ready = await fetch(`${url}/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { checks: Record<string, { ok: boolean }> }).checks['kafka']).toMatchObject({ ok: true });
    // Kafka only: a webhook POST finds no route.
    expect((await fetch(`${url}/webhook/notify`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"Records": []}' })).status).toBe(404);
  });

  test('one consumer: uploads, README edits, retags and deletions reach the index; a malformed message goes to the dead-letter topic and its partition moves on', async () => {
    const [consumer] = await startConsumers(1);
    const [histories] = fc.sample(fc.array(datasetHistoryArbitrary({ maxPauseMs: 20 }), { minLength: 6, maxLength: 6 }), { seed: SEED, numRuns: 1 });
    if (histories === undefined) throw new Error('no history sampled');
    const plan = histories.map((history) => ({ history, dataset: datasetOf(history, BUCKET) }));
    const datasets = plan.map(({ dataset }) => dataset);
    allDatasets.push(...datasets);
    const storage = createS3DatasetStorage(stack.s3Client, BUCKET);
    // A message no storage would send, published into the middle of the stream.
    await Promise.all([
      ...plan.map(({ history, dataset }) => runHistory(storage, dataset, history)),
      publish(kafka.brokers, TOPIC, ['{"Records": "not a list"}']),
    ]);
    const truth = await truthOf(datasets);
    expect(truth.length).toBeGreaterThan(0);
    expect(truth.length).toBeLessThan(datasets.length + 1);
    // The index also holds what the tests before this one uploaded.
    await waitForIndexed(await truthOf(allDatasets), 60_000);
    const [letter] = await readTopic(kafka.brokers, DEAD_LETTERS, 1);
    expect(letter).toMatchObject({ value: '{"Records": "not a list"}', source: expect.stringMatching(new RegExp(`^${TOPIC}/\\d/\\d+$`)) });
    expect(letter?.reason).toMatch(/Records/);
    expect(consumer?.events('message-dead-lettered')).toHaveLength(1);
    // What MinIO's Kafka target publishes: the webhook's event JSON, keyed by bucket/object.
    // (The test's own malformed message, published without a key, is not one of MinIO's.)
    const published = (await readTopic(kafka.brokers, TOPIC, 5)).find((record) => record.key !== '');
    const event = JSON.parse(published?.value ?? '{}') as { EventName?: string; Key?: string; Records?: unknown[] };
    expect(published?.key).toBe(event.Key);
    expect(event).toMatchObject({ EventName: expect.stringMatching(/^s3:Object/), Key: expect.stringMatching(new RegExp(`^${BUCKET}/`)), Records: [expect.anything()] });
    await assertConverged();
  });

  test('three consumers share a storm; one is SIGKILLed mid-storm and a poison dataset sits in the middle: nothing lost, no duplicates, nothing stalled', async () => {
    const [first, victim, third] = await startConsumers(3);
    const storm = buildStorm(BUCKET, { datasets: 9, items: 15, prefix: 'u/kill/' });
    const poison = buildDataset({ bucket: BUCKET, prefix: 'u/kill/', items: 3 });
    const poisoned: BuiltDataset = { ...poison, objects: poison.objects.map((object) => (object.key.endsWith('/manifest.json') ? { ...object, body: '{"items": [' } : object)) };
    const datasets = [...storm.slice(0, 4), poisoned, ...storm.slice(4)];
    allDatasets.push(...storm);
    try {
      const counting = countingStorage(createS3DatasetStorage(stack.s3Client, BUCKET));
      const paused = counting.pauseAfter(Math.floor(objectCount(datasets) / 3));
      const upload = uploadStorm(counting, datasets, { staggerMs: 20 });
      await paused;
      victim?.kill('SIGKILL');
      const killedAt = Date.now();
      counting.resume();
      await upload;
      const convergedMs = await waitForIndexed(await truthOf(allDatasets), 60_000);
      const indexed = await indexedDocuments(collection, stack.baseUri);
      expect(indexed.map((document) => document.uri)).toEqual(expect.arrayContaining(storm.map((dataset) => `${stack.baseUri}/${dataset.uuid}`)));
      expect(indexed.map((document) => document.uri)).not.toContain(`${stack.baseUri}/${poison.uuid}`);
      // The survivors took over the victim's partition: between them they hold all three.
      // A survivor whose heartbeat was late under load may rejoin once more, so this is awaited, not sampled.
      const held = (consumer: ConsumerProcess | undefined): number => (consumer?.events('kafka-assignment').at(-1)?.['partitions'] as unknown[] | undefined)?.length ?? 0;
      await waitFor('the survivors to hold all three partitions', async () => (held(first) + held(third) === 3 ? true : undefined), 30_000)
        .catch((error: unknown) => {
          throw new Error(`${String(error)}: they hold ${held(first)} + ${held(third)}\n${[first, third].map((consumer) => consumer?.output()).join('\n---\n')}`);
        });
      // The poison dataset is the one failure the dry run reports: its manifest cannot be read.
      await assertConverged(1);
      reportFigures('kafka-consumer-killed', { objects: objectCount(datasets), convergedAfterKillMs: Date.now() - killedAt, convergedMs });
    } finally {
      // The poison dataset must not outlive this test: the later tests' dry runs expect no failure.
      await deleteDataset(createS3DatasetStorage(stack.s3Client, BUCKET), poisoned);
    }
  });

  test('two consumers ride out a broker restart: the backlog is consumed and new uploads still arrive', { timeout: 150_000 }, async () => {
    const storm = buildStorm(BUCKET, { datasets: 6, items: 10, prefix: 'u/broker/' });
    allDatasets.push(...storm);
    // Written while no consumer runs, so a backlog waits in the topic when the broker goes away.
    await uploadStorm(createS3DatasetStorage(stack.s3Client, BUCKET), storm);
    const consumersOfBacklog = await startConsumers(2);
    // The broker goes away as soon as the consumers have their partitions, with the backlog in flight.
    await kafka.stop();
    const restartedAt = Date.now();
    kafka = await startKafka({ dataDir: kafka.dataDir, port: kafka.port, controllerPort: kafka.controllerPort });
    const after = buildDataset({ bucket: BUCKET, prefix: 'u/broker/', items: 2 });
    allDatasets.push(after);
    // Written right after the restart: MinIO keeps the events in its queue until its producer is back.
    await writeDataset(createS3DatasetStorage(stack.s3Client, BUCKET), after);
    const convergedMs = await waitForIndexed(await truthOf(allDatasets), 60_000);
    // Both consumers rode it out: neither exited. (Whether a consumer logs `reconnecting` depends on
    // how long the broker was away: the client library may retry on its own within that time.)
    const exited = await Promise.race([
      Promise.any(consumersOfBacklog.map((consumer) => consumer.exited.then(() => true))),
      new Promise<false>((resolve) => setTimeout(() => resolve(false), 100)),
    ]);
    expect(exited).toBe(false);
    await assertConverged();
    reportFigures('kafka-broker-restart', { convergedAfterRestartMs: Date.now() - restartedAt, convergedMs });
  });

  test('two consumers wait out a MongoDB outage (fetching paused, retrying) and catch up when it is back', async () => {
    const [first, second] = await startConsumers(2);
    const storm = buildStorm(BUCKET, { datasets: 6, items: 10, prefix: 'u/mongo/' });
    allDatasets.push(...storm);
    const counting = countingStorage(createS3DatasetStorage(stack.s3Client, BUCKET));
    const paused = counting.pauseAfter(Math.floor(objectCount(storm) / 3));
    const upload = uploadStorm(counting, storm);
    await paused;
    await mongo.stop();
    const downAt = Date.now();
    counting.resume();
    await upload;
    await waitFor('a consumer to report retrying', async () =>
      [first, second].some((consumer) => consumer?.events('kafka-consumer').some((entry) => entry['state'] === 'retrying')) ? true : undefined, 30_000);
    await mongo.start();
    const convergedMs = await waitForIndexed(await truthOf(allDatasets), 60_000);
    await assertConverged();
    reportFigures('kafka-mongo-outage', { downtimeMs: Date.now() - downAt - convergedMs, convergedAfterRestartMs: convergedMs });
  });

  test('serve with Kafka enabled: HTTP and Kafka in one process, /ready reports the consumer, uploads are indexed from the topic', async () => {
    const config = readRuntimeConfig({ ...stack.serviceEnv, DSERVER_NOTIFY_PORT: '0' });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const service = await startService(config.value, silentLogger);
    try {
      const ready = await waitFor('/ready with the consumer in its group', async () => {
        const response = await fetch(`${service.url}/ready`);
        const body = (await response.json()) as { ready: boolean; checks: Record<string, { ok: boolean; detail?: string }> };
        return response.status === 200 ? body : undefined;
      }, 30_000);
      expect(ready.checks['kafka']).toEqual({ ok: true, detail: expect.stringMatching(/^consuming: group kafka-e2e: 3 partition\(s\) of bucket-events assigned$/) });
      // The S3 work per dataset is the webhook's constant (request-costs.test.ts).
      const dataset = buildDataset({ bucket: BUCKET, prefix: 'u/serve/', items: 200, tags: ['raw'], annotations: { project: 'kafka', size: 3 } });
      allDatasets.push(dataset);
      const storage = createS3DatasetStorage(stack.s3Client, BUCKET);
      const done = (): number => service.consumer?.status().counters.messages ?? 0;
      const before = done();
      service.reader.resetStats();
      // As in request-costs.test.ts: the protodataset's notification is handled before the rest is written.
      const protodataset = dataset.objects.findIndex((object) => object.key.endsWith('/dtool')) + 1;
      for (const object of dataset.objects.slice(0, protodataset)) await storage.put(object);
      await waitFor('the protodataset consumed', async () => (done() - before >= protodataset ? true : undefined), 30_000);
      await writeDataset(storage, { ...dataset, objects: dataset.objects.slice(protodataset) }, { concurrency: 16 });
      await waitFor('the upload indexed through Kafka', async () => ((await collection.findOne({ uri: `${stack.baseUri}/${dataset.uuid}` })) === null ? undefined : true), 30_000);
      await waitFor('every message consumed', async () => (done() - before >= dataset.objects.length ? true : undefined), 30_000);
      await service.synchronizer.whenIdle();
      const stats = service.reader.stats();
      // request-costs.test.ts's formula: 1 + (4 + annotations) per full read + listing pages (two per full read), at most 2 full reads.
      const listingPages = stats.requestsByOperation['ListObjectsV2'] ?? 0;
      const fullReads = listingPages / 2;
      expect(fullReads).toBeGreaterThanOrEqual(1);
      expect(fullReads).toBeLessThanOrEqual(2);
      expect(stats.requests).toBe(1 + fullReads * (4 + 2) + listingPages);
      await assertConverged();
    } finally {
      await service.stop();
    }
    expect(service.consumer?.status().state).toBe('stopped');
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createSynchronizer, silentLogger } from '@dtool-notify/domain';
import {
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  readFixtureJsonLines,
  readS3Layout,
} from '@dtool-notify/testkit';
import { createKafkaNotificationConsumer, type KafkaNotificationConsumer } from '../src/index.js';
import { startKafka, type KafkaHandle } from '@dtool-notify/dev-stack';
import { committedOffset, createTopic, publish, readMessages } from './kafka-broker.js';

const bucket = 'test-bucket';
const URI = 's3://test-bucket/49f0bf41-471b-4781-855e-161fe81ffb0d';

async function waitUntil(what: string, probe: () => Promise<boolean> | boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The captured dtool copy in in-memory storage; its captured MinIO events are what MinIO publishes to Kafka. */
async function createWorld() {
  const store = createInMemoryObjectStore();
  for (const object of readS3Layout().write_order_of_dtool_copy) await store.put(bucket, object.key, object.body, object.metadata ?? {});
  const index = createInMemoryDatasetIndex();
  const synchronizer = createSynchronizer({ index, reader: createInMemoryManifestReader(store) });
  const messages = readFixtureJsonLines('minio/webhook-copy-dataset.jsonl').map((body) => Buffer.from(JSON.stringify(body)));
  return { index, synchronizer, messages };
}

describe('the Kafka consumer on a real broker', () => {
  let broker: KafkaHandle;
  const running: KafkaNotificationConsumer[] = [];
  beforeAll(async () => {
    broker = await startKafka();
  }, 120_000);
  afterAll(async () => {
    await Promise.all(running.map((consumer) => consumer.stop()));
    await broker?.stop();
  });

  const start = (topic: string, groupId: string, world: Awaited<ReturnType<typeof createWorld>>, deadLetterTopic?: string): KafkaNotificationConsumer => {
    const consumer = createKafkaNotificationConsumer({
      settings: { brokers: [broker.brokers], topics: [topic], groupId, clientId: 'test', ...(deadLetterTopic === undefined ? {} : { deadLetterTopic }) },
      synchronizer: world.synchronizer,
      baseUriOf: (name) => (name === bucket ? 's3://test-bucket' : undefined),
      logger: silentLogger,
      commitIntervalMs: 100,
      backoff: { initialMs: 50, maxMs: 200 },
    });
    running.push(consumer);
    consumer.start();
    return consumer;
  };

  test('while the index is unavailable it retries and commits nothing past the waiting message; once back, it indexes and commits everything', async () => {
    const world = await createWorld();
    await createTopic(broker.brokers, 'outage');
    world.index.failNext(1_000_000);
    await publish(broker.brokers, 'outage', world.messages);
    const consumer = start('outage', 'outage-group', world);
    await waitUntil('retries', () => consumer.status().counters.retries >= 3);
    expect(consumer.status().state).toBe('retrying');
    // The final `dtool` write (the last message) needs the index: nothing at or past it is committed.
    expect(await committedOffset(broker.brokers, 'outage-group', 'outage')).toBeLessThan(BigInt(world.messages.length));
    expect(world.index.documents()).toEqual([]);
    // The lag is what the group has not committed: the waiting message and those after it.
    const uncommitted = async (): Promise<number> => world.messages.length - Math.max(0, Number(await committedOffset(broker.brokers, 'outage-group', 'outage')));
    await waitUntil('the lag to be the uncommitted messages', async () => {
      const expected = await uncommitted();
      return JSON.stringify(await consumer.lag()) === JSON.stringify([{ topic: 'outage', partition: 0, lag: expected }]) && expected > 0;
    });

    world.index.failNext(0);
    await waitUntil('everything committed', async () => (await committedOffset(broker.brokers, 'outage-group', 'outage')) === BigInt(world.messages.length));
    expect(world.index.documents().map((document) => document.uri)).toEqual([URI]);
    expect(consumer.status().state).toBe('consuming');
    expect(await consumer.lag()).toEqual([{ topic: 'outage', partition: 0, lag: 0 }]);
  }, 60_000);

  test('a malformed message goes to the dead-letter topic with the reason and its origin, and the partition moves on', async () => {
    const world = await createWorld();
    await createTopic(broker.brokers, 'poison');
    await createTopic(broker.brokers, 'poison-dead-letters');
    await publish(broker.brokers, 'poison', [Buffer.from('{"Records": [{"eventName": 42}]}'), ...world.messages]);
    const consumer = start('poison', 'poison-group', world, 'poison-dead-letters');
    await waitUntil('everything committed', async () => (await committedOffset(broker.brokers, 'poison-group', 'poison')) === BigInt(world.messages.length + 1));
    expect(world.index.documents().map((document) => document.uri)).toEqual([URI]);
    const [letter] = await readMessages(broker.brokers, 'poison-dead-letters', 1);
    expect(letter).toEqual({
      value: '{"Records": [{"eventName": 42}]}',
      headers: { 'dtool-notify-reason': expect.stringMatching(/eventName/), 'dtool-notify-source': 'poison/0/0' },
    });
    expect(consumer.status().counters).toMatchObject({ permanentFailures: 1, deadLettered: 1 });
  }, 60_000);

  test('stop finishes, commits and leaves: a new member of the group receives nothing already done', async () => {
    const world = await createWorld();
    await createTopic(broker.brokers, 'handover');
    await publish(broker.brokers, 'handover', world.messages);
    const first = start('handover', 'handover-group', world);
    await waitUntil('all messages done', () => first.status().counters.messages >= world.messages.length);
    expect(first.status()).toMatchObject({ partitions: [{ topic: 'handover', partition: 0 }], counters: { rebalances: 1 } });
    await first.stop();
    expect(first.status().state).toBe('stopped');
    // Leaving the group gives its partitions up: the assignment was replaced a second time.
    expect(first.status()).toMatchObject({ partitions: [], counters: { rebalances: 2 } });
    expect(await committedOffset(broker.brokers, 'handover-group', 'handover')).toBe(BigInt(world.messages.length));
    const second = start('handover', 'handover-group', world);
    await waitUntil('the second member to join', () => second.status().state === 'consuming');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(second.status().counters.messages).toBe(0);
  }, 60_000);

  // A SIGTERM can come while the member is still joining (the broker restarted, the consumer
  // is reconnecting): the join finishing after the stop must not hold the shutdown.
  test('stop asked while the member is joining the group returns at once, leaves the group and hands the partition over', async () => {
    const world = await createWorld();
    await createTopic(broker.brokers, 'joining');
    await publish(broker.brokers, 'joining', world.messages);
    const started = Date.now();
    const first = start('joining', 'joining-group', world);
    // Asked before the first await of start: the member always finishes its join after it.
    await first.stop();
    // Joining takes a second or two; a stop step waits 10 s for a broker that does not answer.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(first.status()).toMatchObject({ state: 'stopped', partitions: [] });
    const second = start('joining', 'joining-group', world);
    await waitUntil('the second member to have the partition', () => second.status().partitions.length === 1, 8_000);
  }, 60_000);
});

import { Registry } from 'prom-client';
import { describe, expect, test } from 'vitest';
import { registerKafkaConsumerMetrics, type KafkaConsumerReadings } from './kafka-consumer-metrics.js';

type Status = ReturnType<KafkaConsumerReadings['status']>;

const status: Status = {
  state: 'retrying',
  partitions: [
    { topic: 'bucket-events', partition: 0 },
    { topic: 'bucket-events', partition: 2 },
  ],
  inFlight: 4,
  counters: { messages: 120, records: 118, permanentFailures: 2, deadLettered: 1, retries: 7, commits: 31, rebalances: 3 },
};

const readings = (current: Status, lag: KafkaConsumerReadings['lag']): KafkaConsumerReadings => ({ status: () => current, lag });

describe('registerKafkaConsumerMetrics', () => {
  test("reports the consumer's own counts, state and per-partition lag, named by the Prometheus conventions", async () => {
    const registry = new Registry();
    registerKafkaConsumerMetrics(registry, () =>
      readings(status, () => Promise.resolve([{ topic: 'bucket-events', partition: 0, lag: 0 }, { topic: 'bucket-events', partition: 2, lag: 17 }])),
    );
    const text = await registry.metrics();
    for (const line of [
      'dtool_notify_kafka_messages_total 120',
      'dtool_notify_kafka_records_total 118',
      'dtool_notify_kafka_permanent_failures_total 2',
      'dtool_notify_kafka_dead_lettered_total 1',
      'dtool_notify_kafka_retries_total 7',
      'dtool_notify_kafka_commits_total 31',
      'dtool_notify_kafka_rebalances_total 3',
      'dtool_notify_kafka_consumer_state{state="retrying"} 1',
      'dtool_notify_kafka_assigned_partitions 2',
      'dtool_notify_kafka_messages_in_flight 4',
      'dtool_notify_kafka_consumer_lag_messages{topic="bucket-events",partition="0"} 0',
      'dtool_notify_kafka_consumer_lag_messages{topic="bucket-events",partition="2"} 17',
    ]) {
      expect(text).toContain(`\n${line}\n`);
    }
    for (const metric of await registry.getMetricsAsJSON()) {
      expect(metric.name).toMatch(/^dtool_notify_kafka_[a-z_]+$/);
      if (String(metric.type) === 'counter') expect(metric.name).toMatch(/_total$/);
    }
  });

  test('each scrape shows the counts as they are then, once each; a state left behind is no longer reported', async () => {
    const registry = new Registry();
    let current = status;
    registerKafkaConsumerMetrics(registry, () => readings(current, () => Promise.resolve([])));
    await registry.metrics();
    current = { ...status, state: 'consuming', counters: { ...status.counters, commits: 32 } };
    const text = await registry.metrics();
    expect(text).toContain('\ndtool_notify_kafka_commits_total 32\n');
    expect(text).toContain('\ndtool_notify_kafka_consumer_state{state="consuming"} 1\n');
    expect(text).not.toContain('state="retrying"');
  });

  test('before the consumer exists, and while the brokers do not answer for the lag, it reports zeros and no lag series', async () => {
    const registry = new Registry();
    let consumer: KafkaConsumerReadings | undefined;
    registerKafkaConsumerMetrics(registry, () => consumer);
    const before = await registry.metrics();
    expect(before).toContain('\ndtool_notify_kafka_messages_total 0\n');
    expect(before).not.toMatch(/dtool_notify_kafka_consumer_state\{/);
    consumer = readings(status, () => Promise.resolve([{ topic: 'bucket-events', partition: 0, lag: 5 }]));
    expect(await registry.metrics()).toContain('partition="0"} 5');
    consumer = readings(status, () => Promise.resolve([]));
    expect(await registry.metrics()).not.toMatch(/dtool_notify_kafka_consumer_lag_messages\{/);
  });
});

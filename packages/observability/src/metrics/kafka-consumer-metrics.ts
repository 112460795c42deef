import { Counter, Gauge, type Registry } from 'prom-client';

/** The running totals a Kafka consumer keeps (the adapter's `ConsumerCounters`). */
export interface KafkaConsumerCounters {
  readonly messages: number;
  readonly records: number;
  readonly permanentFailures: number;
  readonly deadLettered: number;
  readonly retries: number;
  readonly commits: number;
  readonly rebalances: number;
}

/** What the metrics read from the Kafka consumer at scrape time (the adapter's consumer has this shape). */
export interface KafkaConsumerReadings {
  status(): {
    readonly state: string;
    readonly partitions: readonly { readonly topic: string; readonly partition: number }[];
    readonly inFlight: number;
    readonly counters: KafkaConsumerCounters;
  };
  /** Messages behind the end of each assigned partition; `[]` when the brokers do not answer. */
  lag(): Promise<readonly { readonly topic: string; readonly partition: number; readonly lag: number }[]>;
}

const COUNTERS: readonly (readonly [keyof KafkaConsumerCounters, string, string])[] = [
  ['messages', 'dtool_notify_kafka_messages_total', 'Kafka messages whose work finished: applied, or recorded as permanently failed.'],
  ['records', 'dtool_notify_kafka_records_total', 'Notification records in the Kafka messages finished (their outcomes count in dtool_notify_records_total).'],
  ['permanentFailures', 'dtool_notify_kafka_permanent_failures_total', 'Kafka messages that can never be applied (malformed, or naming a dataset that cannot be indexed); the partition moved on.'],
  ['deadLettered', 'dtool_notify_kafka_dead_lettered_total', 'Kafka messages published to the dead-letter topic.'],
  ['retries', 'dtool_notify_kafka_retries_total', 'Attempts at a Kafka message repeated after a transient failure (index or storage unavailable).'],
  ['commits', 'dtool_notify_kafka_commits_total', 'Offset commits to the consumer group.'],
  ['rebalances', 'dtool_notify_kafka_rebalances_total', "Times this member's partition assignment was replaced: each group rebalance, and each loss of its partitions."],
];

/**
 * Registers the `dtool_notify_kafka_*` metrics, read from the consumer (once it exists) when scraped. The
 * consumer's `status()` is the one place its numbers live (`/ready` and its logs read it too),
 * so the metrics copy them at scrape time rather than keep a second count through an observer,
 * and its message path does no metrics work at all. Labels: the state, and topic and partition
 * for the lag, all bounded by the configuration.
 */
export function registerKafkaConsumerMetrics(registry: Registry, consumer: () => KafkaConsumerReadings | undefined): void {
  const registers = [registry];
  const status = (): ReturnType<KafkaConsumerReadings['status']> | undefined => consumer()?.status();
  for (const [counter, name, help] of COUNTERS) {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(status()?.counters[counter] ?? 0);
      },
    });
  }
  new Gauge({
    name: 'dtool_notify_kafka_consumer_state',
    help: 'The Kafka consumer state now, as a 1 on its label (starting, consuming, retrying, reconnecting, stopping, stopped).',
    labelNames: ['state'] as const,
    registers,
    collect() {
      this.reset();
      const state = status()?.state;
      if (state !== undefined) this.set({ state }, 1);
    },
  });
  new Gauge({
    name: 'dtool_notify_kafka_assigned_partitions',
    help: 'Partitions the consumer group assigned to this member.',
    registers,
    collect() {
      this.set(status()?.partitions.length ?? 0);
    },
  });
  new Gauge({
    name: 'dtool_notify_kafka_messages_in_flight',
    help: 'Kafka messages being worked on now (fetching pauses at the limit).',
    registers,
    collect() {
      this.set(status()?.inFlight ?? 0);
    },
  });
  new Gauge({
    name: 'dtool_notify_kafka_consumer_lag_messages',
    help: "Messages between the group's committed offset and the end of each partition assigned to this member, read from the brokers at scrape time.",
    labelNames: ['topic', 'partition'] as const,
    registers,
    async collect() {
      const lag = (await consumer()?.lag()) ?? [];
      this.reset();
      for (const { topic, partition, lag: behind } of lag) this.set({ topic, partition: String(partition) }, behind);
    },
  });
}

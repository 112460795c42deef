import type { Consumer } from '@platformatic/kafka';
import type { TopicPartition } from '../offsets/partition-progress.js';
import type { PartitionLag } from './consumer-status.js';
import { withTimeout } from './waiting.js';

const LATEST = -1n;
const EARLIEST = -2n;

/**
 * Reads the lag of `partitions` from the brokers, as `kafka-consumer-groups --describe` shows
 * it: the partition's end offset minus the group's committed offset. The library's own
 * `getLag` cannot be used: it takes the committed offsets from its message streams, which only
 * see commits made through them, and this consumer commits through `consumer.commit`.
 * A partition the group never committed counts from its earliest retained offset (where the
 * consumer starts), as does one whose committed offset fell out of retention.
 */
export async function readPartitionLag(consumer: Consumer, partitions: readonly TopicPartition[]): Promise<PartitionLag[]> {
  if (partitions.length === 0) return [];
  const byTopic = new Map<string, number[]>();
  for (const { topic, partition } of partitions) byTopic.set(topic, [...(byTopic.get(topic) ?? []), partition]);
  const topics = [...byTopic.keys()];
  const filter = Object.fromEntries(byTopic);
  const [latest, earliest, committed] = await Promise.all([
    consumer.listOffsets({ topics, partitions: filter, timestamp: LATEST }),
    consumer.listOffsets({ topics, partitions: filter, timestamp: EARLIEST }),
    consumer.listCommittedOffsets({ topics: [...byTopic].map(([topic, numbers]) => ({ topic, partitions: numbers })) }),
  ]);
  return partitions.flatMap(({ topic, partition }) => {
    const end = latest.get(topic)?.[partition];
    const start = earliest.get(topic)?.[partition];
    if (end === undefined || start === undefined) return [];
    const done = committed.get(topic)?.[partition] ?? -1n;
    const from = done > start ? done : start;
    return [{ topic, partition, lag: end > from ? Number(end - from) : 0 }];
  });
}

/** How long a lag reading may wait for the brokers before it answers without them. */
export const LAG_TIMEOUT_MS = 2_000;

/**
 * A lag reading to call at scrape time: at most one reading in flight (concurrent callers
 * share it), answered within {@link LAG_TIMEOUT_MS}, and `[]` while there is no connection or
 * the brokers do not answer in time (a scrape is never held up by Kafka).
 */
export function createLagProbe(current: () => { readonly consumer: Consumer | undefined; readonly partitions: readonly TopicPartition[] }): () => Promise<PartitionLag[]> {
  let reading: Promise<PartitionLag[]> | undefined;
  return async () => {
    reading ??= (async () => {
      const { consumer, partitions } = current();
      return consumer === undefined ? [] : readPartitionLag(consumer, partitions).catch(() => []);
    })().finally(() => {
      reading = undefined;
    });
    return (await withTimeout(reading, LAG_TIMEOUT_MS)) ?? [];
  };
}

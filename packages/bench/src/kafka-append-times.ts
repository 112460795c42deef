import { Consumer } from '@platformatic/kafka';
import { sleep } from './kafka-processes.js';

/**
 * The topic setting under which the broker stamps each message with the time it appended it
 * (instead of the producer's clock), so that a message's timestamp says when MinIO's event
 * reached Kafka.
 */
export const APPEND_TIME_CONFIG = { name: 'message.timestamp.type', value: 'LogAppendTime' } as const;

/**
 * When each of `keys` (message keys, `bucket/object` as MinIO writes them) was last appended
 * to `topic`, in epoch milliseconds: reads the whole topic, as it is now, with a throwaway
 * group. Keys not found are left out.
 */
export async function readAppendTimes(brokers: string, topic: string, keys: ReadonlySet<string>, timeoutMs = 60_000): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  const consumer = new Consumer({ clientId: 'bench-append-times', bootstrapBrokers: [brokers], groupId: `bench-append-times-${topic}-${Date.now()}`, maxWaitTime: 200 });
  try {
    const ends = (await consumer.listOffsets({ topics: [topic] })).get(topic) ?? [];
    const remaining = new Set(ends.flatMap((end, partition) => (end > 0n ? [partition] : [])));
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    stream.on('data', (message: { key: Buffer | undefined; partition: number; offset: bigint; timestamp: bigint }) => {
      const key = message.key?.toString('utf8');
      if (key !== undefined && keys.has(key)) found.set(key, Number(message.timestamp));
      if (message.offset + 1n >= (ends[message.partition] ?? 0n)) remaining.delete(message.partition);
    });
    const deadline = Date.now() + timeoutMs;
    while (remaining.size > 0 && Date.now() < deadline) await sleep(100);
    await stream.close();
  } finally {
    await consumer.close(true);
  }
  return found;
}

import { Admin, Consumer } from '@platformatic/kafka';

/** Creates topics with `partitions` partitions each (the consumer needs its topic to exist before it subscribes). */
export async function createTopics(brokers: string, topics: readonly string[], partitions: number): Promise<void> {
  const admin = new Admin({ clientId: 'kafka-test-admin', bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics: [...topics], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}

/** A message as read back: its key and value as text, and the dead-letter headers when present. */
export interface TopicRecord {
  readonly key: string;
  readonly value: string;
  readonly reason: string;
  readonly source: string;
}

/** Reads `topic` from its start until `count` messages arrived or `timeoutMs` passed. */
export async function readTopic(brokers: string, topic: string, count: number, timeoutMs = 20_000): Promise<TopicRecord[]> {
  const consumer = new Consumer({ clientId: 'kafka-test-reader', groupId: `kafka-test-reader-${Date.now()}`, bootstrapBrokers: [brokers], maxWaitTime: 200 });
  const records: TopicRecord[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    const deadline = setTimeout(() => void stream.close(), timeoutMs);
    for await (const message of stream) {
      const header = (name: string): string => message.headers.get(Buffer.from(name))?.toString() ?? [...message.headers].find(([key]) => key.toString() === name)?.[1].toString() ?? '';
      records.push({ key: message.key?.toString() ?? '', value: message.value.toString(), reason: header('dtool-notify-reason'), source: header('dtool-notify-source') });
      if (records.length >= count) break;
    }
    clearTimeout(deadline);
  } finally {
    await consumer.close(true);
  }
  return records;
}

/** Publishes raw values to `topic` (for messages no storage would send). */
export async function publish(brokers: string, topic: string, values: readonly string[]): Promise<void> {
  const { Producer } = await import('@platformatic/kafka');
  const producer = new Producer({ clientId: 'kafka-test-producer', bootstrapBrokers: [brokers] });
  try {
    await producer.send({ messages: values.map((value) => ({ topic, value: Buffer.from(value) })) });
  } finally {
    await producer.close();
  }
}

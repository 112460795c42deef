import { Admin, Consumer, Producer } from '@platformatic/kafka';

/** Creates a topic with `partitions` partitions. */
export async function createTopic(brokers: string, topic: string, partitions = 1): Promise<void> {
  const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1 });
  } finally {
    await admin.close();
  }
}

/** Publishes the values, in order, to partition 0 of `topic`. */
export async function publish(brokers: string, topic: string, values: readonly Buffer[]): Promise<void> {
  const producer = new Producer({ clientId: 'test-producer', bootstrapBrokers: [brokers] });
  try {
    await producer.send({ messages: values.map((value) => ({ topic, value, partition: 0 })) });
  } finally {
    await producer.close();
  }
}

/** The group's committed offset of partition 0 of `topic` (-1 when none). */
export async function committedOffset(brokers: string, groupId: string, topic: string): Promise<bigint> {
  const admin = new Admin({ clientId: 'test-admin', bootstrapBrokers: [brokers] });
  try {
    const [group] = await admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: [{ name: topic, partitionIndexes: [0] }] }] });
    return group?.topics.find((entry) => entry.name === topic)?.partitions.find((entry) => entry.partitionIndex === 0)?.committedOffset ?? -1n;
  } finally {
    await admin.close();
  }
}

/** One message of a topic, its headers as text. */
export interface ReadMessage {
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Reads the first `count` messages of `topic`. */
export async function readMessages(brokers: string, topic: string, count: number): Promise<ReadMessage[]> {
  const consumer = new Consumer({ clientId: 'test-reader', groupId: `test-reader-${Date.now()}`, bootstrapBrokers: [brokers], maxWaitTime: 200 });
  const messages: ReadMessage[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest', autocommit: false });
    for await (const message of stream) {
      const headers = Object.fromEntries([...message.headers].map(([key, value]) => [key.toString(), value.toString()]));
      messages.push({ value: message.value.toString(), headers });
      if (messages.length >= count) break;
    }
  } finally {
    await consumer.close(true);
  }
  return messages;
}

import { join } from 'node:path';
import { Producer } from '@platformatic/kafka';
import type { KafkaHandle } from '@dtool-notify/dev-stack';
import type { BenchContext } from './bench-context.js';
import { figure, type Figure } from './figures.js';
import { committedTotal, createTopic, partitionsHeld, sleep, startCli } from './kafka-processes.js';

/** How fast one consumer drains ignorable records straight from the topic. */
export interface IgnorableResult {
  readonly records: number;
  readonly seconds: number;
  readonly recordsPerSecond: number;
  readonly cpuSeconds: number;
  readonly recordsPerCpuSecond: number;
}

const TOPIC = 'bench-ignorable';
const GROUP = 'bench-ignorable';

/**
 * Publishes `count` MinIO access events (`s3:ObjectAccessed:Get`, which the service ignores
 * without touching S3 or the index), then starts one `dtool-notify consume` (one Node.js
 * thread: one core) and times it from its partition assignment to its last commit.
 */
export async function runKafkaIgnorable(context: BenchContext, kafka: KafkaHandle, count: number): Promise<{ result: IgnorableResult; figures: Figure[] }> {
  process.stderr.write(`[bench] ${count} ignorable records through one consumer\n`);
  await createTopic(kafka.brokers, TOPIC, 3);
  await publishAccessEvents(kafka.brokers, context.stack.bucket, count);
  const env = { ...context.serviceEnv, DSERVER_NOTIFY_KAFKA_BROKERS: kafka.brokers, DSERVER_NOTIFY_KAFKA_TOPICS: TOPIC, DSERVER_NOTIFY_KAFKA_GROUP_ID: GROUP };
  const consumer = startCli(context.programs.cli, 'consume', env, join(context.logDirectory, 'ignorable-consume.log'), context.options.profileDirectory);
  try {
    while (partitionsHeld(consumer) < 3) await sleep(20);
    const started = performance.now();
    const cpuAtStart = consumer.cpuSeconds();
    while ((await committedTotal(kafka.brokers, GROUP, TOPIC)) < BigInt(count)) await sleep(100);
    const seconds = (performance.now() - started) / 1000;
    const cpuSeconds = consumer.cpuSeconds() - cpuAtStart;
    const result = { records: count, seconds, recordsPerSecond: count / seconds, cpuSeconds, recordsPerCpuSecond: count / cpuSeconds };
    return {
      result,
      figures: [
        figure('kafka ignorable records', `records consumed (${count} access events, one consumer)`, result.recordsPerSecond, 'records/s', { atLeast: 100_000 }),
        figure('kafka ignorable records', 'records per CPU-second of the consumer', result.recordsPerCpuSecond, 'records/s'),
        figure('kafka ignorable records', 'consumer CPU', cpuSeconds, 's'),
      ],
    };
  } finally {
    await consumer.stop();
  }
}

async function publishAccessEvents(brokers: string, bucket: string, count: number): Promise<void> {
  const producer = new Producer({ clientId: 'bench-producer', bootstrapBrokers: [brokers] });
  try {
    const batch = 2_000;
    for (let sent = 0; sent < count; sent += batch) {
      const messages = Array.from({ length: Math.min(batch, count - sent) }, (_, offset) => {
        const key = `u/bench/0f0e2b5c-8d4a-4f4e-9a57-5d1c${String(sent + offset).padStart(8, '0')}/data/item`;
        const value = JSON.stringify({
          EventName: 's3:ObjectAccessed:Get',
          Key: `${bucket}/${key}`,
          Records: [{
            eventVersion: '2.0', eventSource: 'minio:s3', awsRegion: '', eventTime: new Date().toISOString(), eventName: 's3:ObjectAccessed:Get',
            userIdentity: { principalId: 'bench' }, requestParameters: { principalId: 'bench', region: '', sourceIPAddress: '127.0.0.1' },
            responseElements: {}, s3: { s3SchemaVersion: '1.0', configurationId: 'Config', bucket: { name: bucket, ownerIdentity: { principalId: 'bench' }, arn: `arn:aws:s3:::${bucket}` },
              object: { key, size: 120, eTag: '0123456789abcdef0123456789abcdef', contentType: 'application/octet-stream', sequencer: '17F0A1B2C3D4E5F6' } },
            source: { host: '127.0.0.1', port: '', userAgent: 'bench' },
          }],
        });
        return { topic: TOPIC, key: Buffer.from(`${bucket}/${key}`), value: Buffer.from(value) };
      });
      await producer.send({ messages });
    }
  } finally {
    await producer.close();
  }
}

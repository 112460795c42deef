import type { KafkaNotificationConsumer } from '@dtool-notify/adapter-kafka';
import type { ReadinessReport } from '@dtool-notify/adapter-koa';
import type { MongoDatasetIndex } from '@dtool-notify/adapter-mongo';
import type { S3ManifestReader } from '@dtool-notify/adapter-s3';

type ReadinessCheck = ReadinessReport['checks'][string];

/**
 * Asks MongoDB and each bucket's endpoint whether they answer, in parallel; with a Kafka
 * consumer, also whether it is a member of its group and consuming.
 */
export async function checkReadiness(
  index: MongoDatasetIndex,
  reader: S3ManifestReader,
  consumer?: KafkaNotificationConsumer,
): Promise<ReadinessReport> {
  const [mongo, buckets] = await Promise.all([index.checkReadiness(), reader.checkReadiness()]);
  const checks: Record<string, ReadinessCheck> = { mongodb: mongo.ready ? { ok: true } : { ok: false, detail: mongo.reason } };
  for (const bucket of buckets) {
    checks[`s3:${bucket.bucket}`] = bucket.ready ? { ok: true } : { ok: false, detail: bucket.reason };
  }
  if (consumer !== undefined) {
    const { state, detail } = consumer.status();
    checks['kafka'] = state === 'consuming' || state === 'retrying' ? { ok: true, detail: `${state}: ${detail}` } : { ok: false, detail: `${state}: ${detail}` };
  }
  return { ready: Object.values(checks).every((check) => check.ok), checks };
}

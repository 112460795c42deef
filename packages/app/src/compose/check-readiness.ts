import type { KafkaNotificationConsumer } from '@dtool-notify/adapter-kafka';
import type { ReadinessReport } from '@dtool-notify/adapter-koa';
import type { S3ManifestReader } from '@dtool-notify/adapter-s3';
import type { ServiceIndex } from './create-index.js';

type ReadinessCheck = ReadinessReport['checks'][string];

/**
 * Asks the index (MongoDB, or dserver: token and permissions too) and each bucket's endpoint
 * whether they answer, in parallel; with a Kafka consumer, also whether it is a member of its
 * group and consuming.
 */
export async function checkReadiness(
  index: ServiceIndex,
  reader: S3ManifestReader,
  indexName: 'mongodb' | 'dserver',
  consumer?: KafkaNotificationConsumer,
): Promise<ReadinessReport> {
  const [indexReadiness, buckets] = await Promise.all([index.checkReadiness(), reader.checkReadiness()]);
  const checks: Record<string, ReadinessCheck> = {
    [indexName]: indexReadiness.ready ? { ok: true } : { ok: false, detail: indexReadiness.reason },
  };
  for (const bucket of buckets) {
    checks[`s3:${bucket.bucket}`] = bucket.ready ? { ok: true } : { ok: false, detail: bucket.reason };
  }
  if (consumer !== undefined) {
    const { state, detail } = consumer.status();
    checks['kafka'] = state === 'consuming' || state === 'retrying' ? { ok: true, detail: `${state}: ${detail}` } : { ok: false, detail: `${state}: ${detail}` };
  }
  return { ready: Object.values(checks).every((check) => check.ok), checks };
}

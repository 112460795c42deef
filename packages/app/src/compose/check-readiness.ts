import type { ReadinessReport } from '@dtool-notify/adapter-koa';
import type { MongoDatasetIndex } from '@dtool-notify/adapter-mongo';
import type { S3ManifestReader } from '@dtool-notify/adapter-s3';

type ReadinessCheck = ReadinessReport['checks'][string];

/** Asks MongoDB and each bucket's endpoint whether they answer, in parallel. */
export async function checkReadiness(index: MongoDatasetIndex, reader: S3ManifestReader): Promise<ReadinessReport> {
  const [mongo, buckets] = await Promise.all([index.checkReadiness(), reader.checkReadiness()]);
  const checks: Record<string, ReadinessCheck> = { mongodb: mongo.ready ? { ok: true } : { ok: false, detail: mongo.reason } };
  for (const bucket of buckets) {
    checks[`s3:${bucket.bucket}`] = bucket.ready ? { ok: true } : { ok: false, detail: bucket.reason };
  }
  return { ready: Object.values(checks).every((check) => check.ok), checks };
}

import type { Logger } from '@dtool-notify/domain';
import { createMongoDatasetIndex, type MongoDatasetIndex } from '@dtool-notify/adapter-mongo';
import { createS3ManifestReader, type S3ManifestReader } from '@dtool-notify/adapter-s3';
import type { RuntimeConfig } from '../config/runtime-config.js';

/** The outbound adapters of one configuration. */
export interface Adapters {
  readonly index: MongoDatasetIndex;
  readonly reader: S3ManifestReader;
}

/** Connects the MongoDB index and creates the S3 reader (shared by `serve` and `sync`). */
export async function createAdapters(config: RuntimeConfig, logger: Logger): Promise<Adapters> {
  const { service } = config;
  const index = await createMongoDatasetIndex({ ...service.mongo, logger });
  const reader = createS3ManifestReader({
    buckets: config.s3Connections,
    requestTimeoutMs: service.s3TimeoutMs,
    limits: service.storageLimits,
    logger,
  });
  return { index, reader };
}

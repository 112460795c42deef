import type { Logger, SyncObserver } from '@dtool-notify/domain';
import { createS3ManifestReader, type S3ManifestReader } from '@dtool-notify/adapter-s3';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { createIndex, type ServiceIndex } from './create-index.js';

/** The outbound adapters of one configuration. */
export interface Adapters {
  readonly index: ServiceIndex;
  readonly reader: S3ManifestReader;
}

/** What differs between the commands that connect the adapters. */
export interface AdapterOptions {
  /** Sees the reader's requests. */
  readonly observer?: SyncObserver;
  /** See `MongoDatasetIndexOptions.adoptAtStartUp` (default true). */
  readonly adoptAtStartUp?: boolean;
}

/** Connects the index (MongoDB or dserver) and creates the S3 reader (shared by `serve` and `sync`). */
export async function createAdapters(config: RuntimeConfig, logger: Logger, { observer = {}, adoptAtStartUp = true }: AdapterOptions = {}): Promise<Adapters> {
  const { service } = config;
  const index = await createIndex(config, logger, { adoptAtStartUp });
  const reader = createS3ManifestReader({
    buckets: config.s3Connections,
    requestTimeoutMs: service.s3TimeoutMs,
    limits: service.storageLimits,
    logger,
    observer,
  });
  return { index, reader };
}

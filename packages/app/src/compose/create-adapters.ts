import type { Logger, SyncObserver } from '@dtool-notify/domain';
import { createS3ManifestReader, type S3ManifestReader } from '@dtool-notify/adapter-s3';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { createIndex, type ServiceIndex } from './create-index.js';

/** The outbound adapters of one configuration. */
export interface Adapters {
  readonly index: ServiceIndex;
  readonly reader: S3ManifestReader;
}

/**
 * Connects the index (MongoDB or dserver) and creates the S3 reader (shared by `serve` and
 * `sync`); the observer sees the reader's requests.
 */
export async function createAdapters(config: RuntimeConfig, logger: Logger, observer: SyncObserver = {}): Promise<Adapters> {
  const { service } = config;
  const index = await createIndex(config, logger);
  const reader = createS3ManifestReader({
    buckets: config.s3Connections,
    requestTimeoutMs: service.s3TimeoutMs,
    limits: service.storageLimits,
    logger,
    observer,
  });
  return { index, reader };
}

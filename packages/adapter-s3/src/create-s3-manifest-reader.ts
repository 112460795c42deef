import { DEFAULT_STORAGE_LIMITS, isContentFailure, isRetryable, silentLogger, DtoolNotifyError, type Logger, type ManifestReader, type StorageLimits, type SyncObserver } from '@dtool-notify/domain';
import type { BucketConnection } from './bucket-connection.js';
import { bucketObjects, type BucketObjects } from './bucket-objects.js';
import { createBytesInFlight } from './byte-budget.js';
import { checkReadiness, type BucketReadiness } from './check-readiness.js';
import { countDatasets, listDatasets } from './list-datasets.js';
import { listFingerprints } from './list-fingerprints.js';
import { readAdminMetadata } from './read-admin-metadata.js';
import { readDataset } from './read-dataset.js';
import { readFingerprint } from './read-fingerprint.js';
import { readRegistration } from './resolve-prefix.js';
import { createRequestCounter, type RequestStats } from './request-stats.js';
import { createS3Clients } from './s3-clients.js';

/** Options of {@link createS3ManifestReader}: plain configuration from the composition root. */
export interface S3ManifestReaderOptions {
  /** Bucket name → how to reach it. A bucket not named here uses the AWS defaults. */
  readonly buckets: ReadonlyMap<string, BucketConnection>;
  /** Per HTTP request, connecting included (default 10 000). */
  readonly requestTimeoutMs?: number;
  /** Attempts per request, the SDK's retries included (default 2). */
  readonly maxAttempts?: number;
  /** Parallel requests of one dataset read or one listing (default 8). */
  readonly concurrency?: number;
  /** Keys per listing page, ListObjectsV2's MaxKeys (default 1000). */
  readonly listPageSize?: number;
  /** Bounds on what is read (default {@link DEFAULT_STORAGE_LIMITS}). */
  readonly limits?: StorageLimits;
  readonly logger?: Logger;
  /** Told of every request sent (see `SyncObserver.onStorageRequest`). */
  readonly observer?: SyncObserver;
}

/** The S3 `ManifestReader`, with request statistics and a readiness check. */
export interface S3ManifestReader extends ManifestReader {
  /** The S3 requests sent since creation or the last {@link resetStats}. */
  stats(): RequestStats;
  resetStats(): void;
  /** HEADs every configured bucket: reachable, or why not. */
  checkReadiness(): Promise<BucketReadiness[]>;
  /** Closes the clients' connections. */
  close(): void;
}

/**
 * Creates the `ManifestReader` on S3 storage laid out by dtool-s3: path-style requests, one
 * client per distinct endpoint and credentials, every request counted.
 */
export function createS3ManifestReader(options: S3ManifestReaderOptions): S3ManifestReader {
  const logger = options.logger ?? silentLogger;
  const concurrency = options.concurrency ?? 8;
  const limits = options.limits ?? DEFAULT_STORAGE_LIMITS;
  const inFlight = createBytesInFlight(limits.maxBytesInFlight);
  const counter = createRequestCounter(options.observer);
  const clients = createS3Clients(
    { requestTimeoutMs: options.requestTimeoutMs ?? 10_000, maxAttempts: options.maxAttempts ?? 2 },
    counter,
  );
  const objectsOf = (bucket: string): BucketObjects => {
    const connection = options.buckets.get(bucket) ?? {};
    return bucketObjects(clients.clientFor(connection), bucket, connection, options.listPageSize ?? 1000);
  };
  const logged = async <T>(operation: string, fields: Record<string, unknown>, read: () => Promise<T>): Promise<T> => {
    try {
      return await read();
    } catch (error) {
      const details = { ...fields, operation, error: error instanceof Error ? error.message : String(error) };
      // Misconfiguration deserves attention; transient failures are retried by the sender, and
      // content failures are reported once, with the record's outcome.
      if (isRetryable(error) || (error instanceof DtoolNotifyError && isContentFailure(error.code))) logger.debug(details, 'S3 read failed');
      else logger.warn(details, 'S3 read failed');
      throw error;
    }
  };

  return {
    readRegistration: (bucket, uuid) => logged('readRegistration', { bucket, uuid }, () => readRegistration(objectsOf(bucket), uuid)),
    readAdminMetadata: (location) =>
      logged('readAdminMetadata', { bucket: location.bucket, uuid: location.uuid }, () => readAdminMetadata(objectsOf(location.bucket), location, limits, inFlight)),
    readDataset: (location, adminMetadata) =>
      logged('readDataset', { bucket: location.bucket, uuid: location.uuid }, () =>
        readDataset(objectsOf(location.bucket), location, adminMetadata, concurrency, limits, inFlight),
      ),
    listDatasets: (bucket) => listDatasets(objectsOf(bucket), concurrency),
    countDatasets: (bucket) => countDatasets(objectsOf(bucket)),
    readFingerprint: (location) =>
      logged('readFingerprint', { bucket: location.bucket, uuid: location.uuid }, () => readFingerprint(objectsOf(location.bucket), location)),
    listFingerprints: (bucket, prefix, fromUuid) => listFingerprints(objectsOf(bucket), prefix, fromUuid),
    stats: () => counter.stats(),
    resetStats: () => counter.reset(),
    checkReadiness: () => checkReadiness([...options.buckets.keys()].map(objectsOf)),
    close: () => clients.destroy(),
  };
}

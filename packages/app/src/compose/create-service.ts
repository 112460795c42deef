import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSynchronizer, type Logger, type SynchronizerOptions, type Synchronizer } from '@dtool-notify/domain';
import { createNetworkAccessPolicy, createNotifyServer } from '@dtool-notify/adapter-koa';
import type { S3ManifestReader } from '@dtool-notify/adapter-s3';
import { toEffectiveConfig } from '../config/effective-config.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { checkReadiness } from './check-readiness.js';
import { createAdapters } from './create-adapters.js';
import type { ServiceIndex } from './create-index.js';

/** A running dtool-notify service. */
export interface RunningService {
  readonly url: string;
  readonly server: Server;
  readonly synchronizer: Synchronizer;
  readonly index: ServiceIndex;
  readonly reader: S3ManifestReader;
  /** Refuses new requests, lets in-flight syncs finish, then closes connections. */
  stop(): Promise<void>;
}

/** What a caller may observe of the running service (benchmark, metrics). */
export interface ServiceObservers {
  /** Told of every sync that read storage (see `createSynchronizer`). */
  readonly onOutcome?: SynchronizerOptions['onOutcome'];
}

/** The composition root: the one place that knows every adapter. */
export async function startService(config: RuntimeConfig, logger: Logger, observers: ServiceObservers = {}): Promise<RunningService> {
  const { service } = config;
  const { index, reader } = await createAdapters(config, logger);
  const synchronizer = createSynchronizer({
    index,
    reader,
    readmeLayout: service.readmeLayout,
    limits: service.storageLimits,
    maxConcurrentSyncs: service.maxConcurrentSyncs,
    ...(observers.onOutcome === undefined ? {} : { onOutcome: observers.onOutcome }),
  });
  let draining = false;
  const server = createNotifyServer({
    synchronizer,
    bucketToBaseUri: service.bucketToBaseUri,
    isIndexed: (uri) => index.exists(uri),
    accessPolicy: createNetworkAccessPolicy({
      allowFrom: service.allowAccessFrom,
      trustedProxies: service.trustedProxies,
      trustedProxyHeader: service.trustedProxyHeader,
    }),
    ...(service.authToken === undefined ? {} : { authToken: service.authToken }),
    ...(service.jwtPublicKey === undefined ? {} : { jwtPublicKey: service.jwtPublicKey }),
    bodyLimitBytes: service.bodyLimitBytes,
    allowedTopicArns: service.allowedTopicArns,
    readiness: () => checkReadiness(index, reader, service.index === 'dserver' ? 'dserver' : 'mongodb'),
    effectiveConfig: toEffectiveConfig(service),
    logger,
    isDraining: () => draining,
    headersTimeoutMs: service.headersTimeoutMs,
    requestTimeoutMs: service.requestTimeoutMs,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(service.port, service.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ event: 'listening', url, buckets: [...service.bucketToBaseUri.keys()] }, 'dtool-notify is listening');

  const stop = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await synchronizer.whenIdle();
    await closed;
    await index.close();
    logger.info({ event: 'stopped' }, 'dtool-notify stopped');
  };
  return { url, server, synchronizer, index, reader, stop };
}

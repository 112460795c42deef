import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSynchronizer, type Logger, type SyncObserver, type Synchronizer } from '@dtool-notify/domain';
import type { KafkaNotificationConsumer } from '@dtool-notify/adapter-kafka';
import { createNetworkAccessPolicy, createNotifyServer, type ReadinessReport } from '@dtool-notify/adapter-koa';
import type { S3ManifestReader } from '@dtool-notify/adapter-s3';
import { createObservability } from '@dtool-notify/observability';
import { toEffectiveConfig } from '../config/effective-config.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { checkReadiness } from './check-readiness.js';
import { combineObservers } from './combine-observers.js';
import { createAdapters } from './create-adapters.js';
import { createKafkaConsumer } from './create-kafka-consumer.js';
import type { ServiceIndex } from './create-index.js';

/** A running dtool-notify service. */
export interface RunningService {
  readonly url: string;
  readonly server: Server;
  readonly synchronizer: Synchronizer;
  readonly index: ServiceIndex;
  readonly reader: S3ManifestReader;
  /** Present when Kafka is configured: it consumes beside the HTTP routes. */
  readonly consumer: KafkaNotificationConsumer | undefined;
  /** Refuses new requests, stops consuming, lets in-flight syncs finish, then closes connections. */
  stop(): Promise<void>;
}

/** How the service takes notifications. */
export interface ServiceMode {
  /**
   * `serve` (default): HTTP notify routes, and Kafka when configured. `consume`: Kafka only;
   * the listener serves `/health`, `/ready`, `/metrics` and `/status` and nothing else.
   */
  readonly takes?: 'serve' | 'consume';
}

/**
 * The composition root: the one place that knows every adapter. `extraObserver` (the
 * benchmark's) is told everything the metrics are told. `serve` and `consume` both run
 * this; `consume` needs Kafka configured (its command checks that).
 */
export async function startService(config: RuntimeConfig, logger: Logger, extraObserver: SyncObserver = {}, mode: ServiceMode = {}): Promise<RunningService> {
  const { service } = config;
  const effectiveConfig = toEffectiveConfig(service, config.kafka);
  // The metrics read these at scrape time; they exist once the adapters do.
  let synchronizer: Synchronizer | undefined;
  let readiness: (() => Promise<ReadinessReport>) | undefined;
  let consumer: KafkaNotificationConsumer | undefined;
  const observability = createObservability({
    pendingSyncs: () => synchronizer?.pending ?? 0,
    readiness: () => (readiness === undefined ? Promise.reject(new Error('starting')) : readiness()),
    ...(config.kafka === undefined ? {} : { kafkaConsumer: () => consumer }),
    configSummary: effectiveConfig,
  });
  const observer = combineObservers(observability.observer, extraObserver);
  const { index, reader } = await createAdapters(config, logger, { observer });
  synchronizer = createSynchronizer({
    index,
    reader,
    readmeLayout: service.readmeLayout,
    limits: service.storageLimits,
    maxConcurrentSyncs: service.maxConcurrentSyncs,
    observer,
  });
  consumer = config.kafka === undefined ? undefined : createKafkaConsumer(config.kafka, service, synchronizer, logger, observer);
  readiness = () => checkReadiness(index, reader, service.index === 'dserver' ? 'dserver' : 'mongodb', consumer);
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
    readiness,
    effectiveConfig,
    logger,
    isDraining: () => draining,
    observer,
    observabilityPages: observability,
    headersTimeoutMs: service.headersTimeoutMs,
    requestTimeoutMs: service.requestTimeoutMs,
    notifyRoutes: mode.takes !== 'consume',
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(service.port, service.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;
  logger.info({ event: 'listening', url, buckets: [...service.bucketToBaseUri.keys()] }, 'dtool-notify is listening');
  consumer?.start();

  const stop = async (): Promise<void> => {
    if (draining) return;
    draining = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await consumer?.stop();
    await synchronizer.whenIdle();
    await closed;
    await index.close();
    logger.info({ event: 'stopped', ...(consumer === undefined ? {} : { counters: consumer.status().counters }) }, 'dtool-notify stopped');
  };
  return { url, server, synchronizer, index, reader, consumer, stop };
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSynchronizer, type Logger, type Synchronizer } from '@dtool-notify/domain';
import type { KafkaNotificationConsumer } from '@dtool-notify/adapter-kafka';
import { createNetworkAccessPolicy, createNotifyApp } from '@dtool-notify/adapter-koa';
import type { S3ManifestReader } from '@dtool-notify/adapter-s3';
import { toEffectiveConfig } from '../config/effective-config.js';
import type { RuntimeConfig } from '../config/runtime-config.js';
import { answerProtocolErrors, requireHostHeader } from './answer-protocol-errors.js';
import { checkReadiness } from './check-readiness.js';
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

/** The composition root: the one place that knows every adapter. */
export async function startService(config: RuntimeConfig, logger: Logger): Promise<RunningService> {
  const { service } = config;
  const { index, reader } = await createAdapters(config, logger);
  const synchronizer = createSynchronizer({
    index,
    reader,
    readmeLayout: service.readmeLayout,
    limits: service.storageLimits,
    maxConcurrentSyncs: service.maxConcurrentSyncs,
  });
  const consumer = config.kafka === undefined ? undefined : createKafkaConsumer(config.kafka, service, synchronizer, logger);
  let draining = false;
  const app = createNotifyApp({
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
    readiness: () => checkReadiness(index, reader, service.index === 'dserver' ? 'dserver' : 'mongodb', consumer),
    effectiveConfig: toEffectiveConfig(service, config.kafka),
    logger,
    isDraining: () => draining,
  });
  // A slow client must not hold a connection forever (slow-drip headers or bodies): Node
  // checks the timeouts every `connectionsCheckingInterval` (30 s by default, far longer than
  // a short timeout), so it is tied to the shorter of them.
  const server = createServer(
    {
      headersTimeout: service.headersTimeoutMs,
      requestTimeout: service.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(service.headersTimeoutMs / 4))),
      requireHostHeader: false,
    },
    requireHostHeader(app.callback()),
  );
  server.keepAliveTimeout = 5_000;
  answerProtocolErrors(server, logger);
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
    logger.info({ event: 'stopped' }, 'dtool-notify stopped');
  };
  return { url, server, synchronizer, index, reader, consumer, stop };
}

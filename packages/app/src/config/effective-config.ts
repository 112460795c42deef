import type { KafkaSettings } from '@dtool-notify/adapter-kafka';
import { redactMongoUri } from '@dtool-notify/adapter-mongo';
import type { ServiceConfig } from './runtime-config.js';

/** The package version reported by the config routes. */
export const VERSION = '0.1.0';

/**
 * The configuration as the config routes show it: lower-case keys like the Python plugin's
 * (`allow_access_from`, `bucket_to_base_uri`, `version`), and never a secret: the token and
 * Mongo credentials are reported only as present or absent, the Kafka SASL password not at all.
 */
export function toEffectiveConfig(config: ServiceConfig, kafka?: KafkaSettings): Readonly<Record<string, unknown>> {
  return {
    version: VERSION,
    index: config.index,
    bucket_to_base_uri: Object.fromEntries(config.bucketToBaseUri),
    allow_access_from: config.allowAccessFrom.join(','),
    trusted_proxies: config.trustedProxies.join(','),
    trusted_proxy_header: config.trustedProxyHeader,
    auth_token_configured: config.authToken !== undefined,
    jwt_public_key_configured: config.jwtPublicKey !== undefined,
    allowed_topic_arns: config.allowedTopicArns,
    host: config.host,
    port: config.port,
    body_limit_bytes: config.bodyLimitBytes,
    readme_layout: config.readmeLayout,
    max_concurrent_syncs: config.maxConcurrentSyncs,
    storage_limits: config.storageLimits,
    s3_timeout_ms: config.s3TimeoutMs,
    headers_timeout_ms: config.headersTimeoutMs,
    request_timeout_ms: config.requestTimeoutMs,
    mongo_uri: redactMongoUri(config.mongo.uri),
    mongo_db: config.mongo.database,
    mongo_collection: config.mongo.collection,
    kafka:
      kafka === undefined
        ? null
        : {
            brokers: kafka.brokers,
            topics: kafka.topics,
            group_id: kafka.groupId,
            client_id: kafka.clientId,
            sasl_mechanism: kafka.sasl?.mechanism ?? null,
            tls: kafka.tls !== undefined,
            dead_letter_topic: kafka.deadLetterTopic ?? null,
          },
  };
}

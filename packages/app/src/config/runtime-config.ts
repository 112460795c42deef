import type { ConfigResult } from '@dtool-notify/domain';
import { parseKafkaSettings, type KafkaSettings } from '@dtool-notify/adapter-kafka';
import { s3ConnectionsFromEnvironment, type BucketConnection } from '@dtool-notify/adapter-s3';
import { readDserverSettings, type DserverSettings } from '@dtool-notify/adapter-dserver';
import type { Environment } from './read-environment.js';
import { readServiceConfig, type ServiceConfig } from './service-config.js';

/** The service settings plus how to reach each configured bucket. */
export interface RuntimeConfig {
  readonly service: ServiceConfig;
  readonly s3Connections: ReadonlyMap<string, BucketConnection>;
  /** Set when `DSERVER_NOTIFY_KAFKA_BROKERS` is: consume notifications from Kafka too. */
  readonly kafka: KafkaSettings | undefined;
  /**
   * With `DSERVER_NOTIFY_INDEX=dserver`: how to reach dserver, and whether deletions also
   * remove the document from the Mongo collection of dserver's search and retrieve plugins
   * (when `SEARCH_MONGO_URI` is set: those plugins cannot remove documents themselves).
   */
  readonly dserver?: { readonly settings: DserverSettings; readonly removeFromSearchMongo: boolean };
}

/** Reads the whole configuration; problems from every part are reported together. */
export function readRuntimeConfig(env: Environment): ConfigResult<RuntimeConfig> {
  const service = readServiceConfig(env);
  const buckets = service.ok ? [...service.value.bucketToBaseUri.keys()] : bucketsNamedIn(env);
  const connections = s3ConnectionsFromEnvironment(env, buckets);
  const dserver = env['DSERVER_NOTIFY_INDEX']?.trim() === 'dserver' ? readDserverSettings(env) : undefined;
  const kafka = parseKafkaSettings(env);
  const problems = [
    ...(service.ok ? [] : service.problems),
    ...(connections.ok ? [] : connections.problems),
    ...(dserver === undefined || dserver.ok ? [] : dserver.problems),
    ...(kafka.ok ? [] : kafka.problems),
  ];
  if (!service.ok || !connections.ok || (dserver !== undefined && !dserver.ok) || !kafka.ok) return { ok: false, problems };
  const removeFromSearchMongo = (env['SEARCH_MONGO_URI']?.trim() ?? '') !== '';
  return {
    ok: true,
    value: {
      service: service.value,
      s3Connections: connections.value,
      kafka: kafka.value,
      ...(dserver === undefined ? {} : { dserver: { settings: dserver.value, removeFromSearchMongo } }),
    },
  };
}

const DTOOL_S3_PREFIXES = ['DTOOL_S3_ENDPOINT_', 'DTOOL_S3_ACCESS_KEY_ID_', 'DTOOL_S3_SECRET_ACCESS_KEY_'];

/** Buckets for which dtool-s3 variables are set (so their problems are reported even when the map is broken). */
function bucketsNamedIn(env: Environment): string[] {
  const buckets = Object.keys(env).flatMap((name) => {
    const prefix = DTOOL_S3_PREFIXES.find((candidate) => name.startsWith(candidate));
    return prefix === undefined ? [] : [name.slice(prefix.length)];
  });
  return [...new Set(buckets)];
}

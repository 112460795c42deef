import * as v from 'valibot';
import { DEFAULT_STORAGE_LIMITS, parseBucketToBaseUri, type BucketToBaseUri, type ConfigResult } from '@dtool-notify/domain';
import { parseKafkaSettings } from '@dtool-notify/adapter-kafka';
import { LOOPBACK_NETWORKS, parseJwtPublicKey, parseNetworkList, TRUSTED_PROXY_HEADERS } from '@dtool-notify/adapter-koa';
import { readDserverSettings, type DserverSettings } from '@dtool-notify/adapter-dserver';
import { s3ConnectionsFromEnvironment, type BucketConnection } from '@dtool-notify/adapter-s3';
import { commaList, environment, oneOf, ownedBy, wholeNumber, type Environment } from './setting-schemas.js';

const MIB = 1024 * 1024;
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
/** Older names still read while the current one is unset (the Python plugin's; the generic LOG_LEVEL), so operators can switch without renaming. */
const LEGACY_NAMES: Readonly<Record<string, string>> = {
  DSERVER_NOTIFY_ALLOW_ACCESS_FROM: 'DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM',
  DSERVER_NOTIFY_LOG_LEVEL: 'LOG_LEVEL',
};
const BUCKET_MAP_NAMES = ['DSERVER_NOTIFY_BUCKET_TO_BASE_URI', 'DTOOL_LOOKUP_SERVER_NOTIFY_BUCKET_TO_BASE_URI'];
const DTOOL_S3_PREFIXES = ['DTOOL_S3_ENDPOINT_', 'DTOOL_S3_ACCESS_KEY_ID_', 'DTOOL_S3_SECRET_ACCESS_KEY_'];

const networks = (name: string) => v.optional(v.pipe(v.string(), ownedBy((text: string) => parseNetworkList(text, name))));

/** The settings that are one variable each, keyed by that variable (set, trimmed and non-empty). */
const variables = v.object({
  DSERVER_NOTIFY_INDEX: v.optional(oneOf('DSERVER_NOTIFY_INDEX', ['mongo', 'dserver'], { quoted: true }), 'mongo'),
  DSERVER_NOTIFY_ALLOW_ACCESS_FROM: networks('DSERVER_NOTIFY_ALLOW_ACCESS_FROM'),
  DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM: networks('DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM'),
  DSERVER_NOTIFY_TRUSTED_PROXIES: networks('DSERVER_NOTIFY_TRUSTED_PROXIES'),
  // Header names are case-insensitive: `X-Real-IP` is `x-real-ip`.
  DSERVER_NOTIFY_TRUSTED_PROXY_HEADER: v.optional(oneOf('DSERVER_NOTIFY_TRUSTED_PROXY_HEADER', TRUSTED_PROXY_HEADERS, { caseless: true }), 'x-forwarded-for'),
  DSERVER_NOTIFY_AUTH_TOKEN: v.optional(v.pipe(v.string(), v.minLength(16, 'DSERVER_NOTIFY_AUTH_TOKEN must be at least 16 characters long'))),
  JWT_PUBLIC_KEY: v.optional(v.pipe(v.string(), ownedBy((pem: string) => parseJwtPublicKey(pem, 'JWT_PUBLIC_KEY')))),
  DSERVER_NOTIFY_ALLOWED_TOPIC_ARNS: commaList,
  DSERVER_NOTIFY_HOST: v.optional(v.string(), '127.0.0.1'),
  DSERVER_NOTIFY_PORT: v.optional(wholeNumber('DSERVER_NOTIFY_PORT', 0, 65535), '5000'),
  DSERVER_NOTIFY_BODY_LIMIT: v.optional(wholeNumber('DSERVER_NOTIFY_BODY_LIMIT', 1024, 256 * MIB), String(MIB)),
  DSERVER_NOTIFY_README_LAYOUT: v.optional(oneOf('DSERVER_NOTIFY_README_LAYOUT', ['text', 'parsed-yaml'], { quoted: true }), 'text'),
  DSERVER_NOTIFY_MAX_CONCURRENT_SYNCS: v.optional(wholeNumber('DSERVER_NOTIFY_MAX_CONCURRENT_SYNCS', 1, 1024), '8'),
  // The upper bounds keep a typo from lifting a guard: past about 500 levels the YAML parser itself aborts Node.
  DSERVER_NOTIFY_MAX_DATASET_BYTES: v.optional(wholeNumber('DSERVER_NOTIFY_MAX_DATASET_BYTES', 64 * 1024, 1024 * MIB), String(DEFAULT_STORAGE_LIMITS.maxDatasetBytes)),
  DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT: v.optional(wholeNumber('DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT', 64 * 1024, 4096 * MIB)),
  DSERVER_NOTIFY_MAX_JSON_DEPTH: v.optional(wholeNumber('DSERVER_NOTIFY_MAX_JSON_DEPTH', 8, 96), String(DEFAULT_STORAGE_LIMITS.maxJsonDepth)),
  DSERVER_NOTIFY_MAX_YAML_DEPTH: v.optional(wholeNumber('DSERVER_NOTIFY_MAX_YAML_DEPTH', 8, 96), String(DEFAULT_STORAGE_LIMITS.maxYamlDepth)),
  DSERVER_NOTIFY_MAX_YAML_BYTES: v.optional(wholeNumber('DSERVER_NOTIFY_MAX_YAML_BYTES', 1024, 64 * MIB), String(DEFAULT_STORAGE_LIMITS.maxYamlBytes)),
  DSERVER_NOTIFY_MAX_ANNOTATIONS: v.optional(wholeNumber('DSERVER_NOTIFY_MAX_ANNOTATIONS', 1, 100_000), String(DEFAULT_STORAGE_LIMITS.maxAnnotations)),
  DSERVER_NOTIFY_MAX_TAGS: v.optional(wholeNumber('DSERVER_NOTIFY_MAX_TAGS', 1, 1_000_000), String(DEFAULT_STORAGE_LIMITS.maxTags)),
  DSERVER_NOTIFY_S3_TIMEOUT_MS: v.optional(wholeNumber('DSERVER_NOTIFY_S3_TIMEOUT_MS', 100, 600_000), '10000'),
  DSERVER_NOTIFY_HEADERS_TIMEOUT_MS: v.optional(wholeNumber('DSERVER_NOTIFY_HEADERS_TIMEOUT_MS', 100, 600_000), '10000'),
  DSERVER_NOTIFY_REQUEST_TIMEOUT_MS: v.optional(wholeNumber('DSERVER_NOTIFY_REQUEST_TIMEOUT_MS', 100, 3_600_000), '60000'),
  DSERVER_NOTIFY_LOG_LEVEL: v.optional(oneOf('DSERVER_NOTIFY_LOG_LEVEL', LOG_LEVELS), 'info'),
  LOG_LEVEL: v.optional(oneOf('LOG_LEVEL', LOG_LEVELS)),
  SEARCH_MONGO_URI: v.optional(v.pipe(v.string(), v.regex(/^mongodb(\+srv)?:\/\//, 'SEARCH_MONGO_URI must start with mongodb:// or mongodb+srv://'))),
  SEARCH_MONGO_DB: v.optional(v.string(), 'dtool_info'),
  SEARCH_MONGO_COLLECTION: v.optional(v.string(), 'datasets'),
});

/** The bucket map and how to reach each of its buckets: read together, as the connections are per bucket of the map. */
function parseBuckets(env: Environment): ConfigResult<{ bucketToBaseUri: BucketToBaseUri; s3Connections: ReadonlyMap<string, BucketConnection> }> {
  const name = BUCKET_MAP_NAMES.find((candidate) => (env[candidate]?.trim() ?? '') !== '');
  const map: ConfigResult<BucketToBaseUri> =
    name === undefined
      ? { ok: false, problems: [`${BUCKET_MAP_NAMES[0]} is not set: give the bucket → base URI map, e.g. {"my-bucket": "s3://my-bucket"}`] }
      : parseBucketToBaseUri((env[name] ?? '').trim(), name);
  // With a broken map, the buckets named in dtool-s3 variables still get their problems reported.
  const connections = s3ConnectionsFromEnvironment(env, map.ok ? [...map.value.keys()] : bucketsNamedIn(env));
  if (map.ok && connections.ok) return { ok: true, value: { bucketToBaseUri: map.value, s3Connections: connections.value } };
  return { ok: false, problems: [...(map.ok ? [] : map.problems), ...(connections.ok ? [] : connections.problems)] };
}

function bucketsNamedIn(env: Environment): string[] {
  const buckets = Object.keys(env).flatMap((name) => {
    const prefix = DTOOL_S3_PREFIXES.find((candidate) => name.startsWith(candidate));
    return prefix === undefined ? [] : [name.slice(prefix.length)];
  });
  return [...new Set(buckets)];
}

/** dserver's settings, read only for `DSERVER_NOTIFY_INDEX=dserver` (else they are ignored). */
function parseDserver(env: Environment): ConfigResult<{ settings: DserverSettings; removeFromSearchMongo: boolean } | undefined> {
  if (env['DSERVER_NOTIFY_INDEX']?.trim() !== 'dserver') return { ok: true, value: undefined };
  const settings = readDserverSettings(env);
  // Deletions also reach the search plugins' Mongo collection when it is named: they cannot remove documents themselves.
  return settings.ok ? { ok: true, value: { settings: settings.value, removeFromSearchMongo: (env['SEARCH_MONGO_URI']?.trim() ?? '') !== '' } } : settings;
}

/** Set, trimmed, non-empty variables; a legacy name only when its current name is not set. */
function presentVariables(env: Environment): Record<string, string | undefined> {
  const present = Object.fromEntries(Object.entries(env).flatMap(([name, value]) => (value === undefined || value.trim() === '' ? [] : [[name, value.trim()]])));
  for (const [current, legacy] of Object.entries(LEGACY_NAMES)) if (present[current] !== undefined) delete present[legacy];
  return present;
}

/**
 * The whole environment as one schema: each variable's own check, the settings that span
 * several variables parsed by the adapter that owns them (which reads the environment whole),
 * then the checks across variables. Every issue is a full sentence naming its variable.
 */
export const environmentSchema = v.pipe(
  environment,
  // Not one entry per variable throughout: the bucket map with each bucket's DTOOL_S3_* names,
  // every DSERVER_NOTIFY_KAFKA_* name and dserver's credentials are read by their owners from
  // the environment whole, so each of those entries is given all of it.
  v.transform((env: Environment) => ({ variables: presentVariables(env), buckets: env, kafka: env, dserver: env })),
  v.object({
    variables,
    buckets: v.pipe(environment, ownedBy(parseBuckets)),
    kafka: v.pipe(environment, ownedBy(parseKafkaSettings)),
    dserver: v.pipe(environment, ownedBy(parseDserver)),
  }),
  v.partialCheck(
    [['variables', 'DSERVER_NOTIFY_HEADERS_TIMEOUT_MS'], ['variables', 'DSERVER_NOTIFY_REQUEST_TIMEOUT_MS']],
    ({ variables: { DSERVER_NOTIFY_HEADERS_TIMEOUT_MS: headers, DSERVER_NOTIFY_REQUEST_TIMEOUT_MS: request } }) => headers <= request,
    'DSERVER_NOTIFY_HEADERS_TIMEOUT_MS must not exceed DSERVER_NOTIFY_REQUEST_TIMEOUT_MS (the headers are part of the request)',
  ),
  v.partialCheck(
    [['variables', 'DSERVER_NOTIFY_MAX_DATASET_BYTES'], ['variables', 'DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT']],
    ({ variables: { DSERVER_NOTIFY_MAX_DATASET_BYTES: dataset, DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT: inFlight } }) => inFlight === undefined || inFlight >= dataset,
    'DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT must be at least DSERVER_NOTIFY_MAX_DATASET_BYTES (a dataset of the largest size must fit)',
  ),
  v.partialCheck(
    [['variables', 'DSERVER_NOTIFY_INDEX'], ['variables', 'DSERVER_NOTIFY_README_LAYOUT']],
    ({ variables: { DSERVER_NOTIFY_INDEX: index, DSERVER_NOTIFY_README_LAYOUT: layout } }) => !(index === 'dserver' && layout === 'parsed-yaml'),
    'DSERVER_NOTIFY_README_LAYOUT=parsed-yaml is for dtool-lookup-server <= 0.17: dserver keeps README text (use DSERVER_NOTIFY_INDEX=mongo for the legacy server)',
  ),
  v.transform(({ variables: env, buckets, kafka, dserver }) => ({
    service: {
      /** Where documents go: MongoDB directly, or dserver's REST API. */
      index: env.DSERVER_NOTIFY_INDEX,
      bucketToBaseUri: buckets.bucketToBaseUri,
      allowAccessFrom: env.DSERVER_NOTIFY_ALLOW_ACCESS_FROM ?? env.DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM ?? LOOPBACK_NETWORKS,
      trustedProxies: env.DSERVER_NOTIFY_TRUSTED_PROXIES ?? [],
      /** The one forwarding header believed from a trusted proxy. */
      trustedProxyHeader: env.DSERVER_NOTIFY_TRUSTED_PROXY_HEADER,
      authToken: env.DSERVER_NOTIFY_AUTH_TOKEN,
      jwtPublicKey: env.JWT_PUBLIC_KEY,
      allowedTopicArns: env.DSERVER_NOTIFY_ALLOWED_TOPIC_ARNS,
      host: env.DSERVER_NOTIFY_HOST,
      port: env.DSERVER_NOTIFY_PORT,
      bodyLimitBytes: env.DSERVER_NOTIFY_BODY_LIMIT,
      readmeLayout: env.DSERVER_NOTIFY_README_LAYOUT,
      maxConcurrentSyncs: env.DSERVER_NOTIFY_MAX_CONCURRENT_SYNCS,
      /** Bounds on what is read from storage (bytes, depths, counts). */
      storageLimits: {
        maxDatasetBytes: env.DSERVER_NOTIFY_MAX_DATASET_BYTES,
        // Unset: twice the dataset limit, so one largest dataset never waits for a small one.
        maxBytesInFlight: env.DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT ?? Math.max(DEFAULT_STORAGE_LIMITS.maxBytesInFlight, 2 * env.DSERVER_NOTIFY_MAX_DATASET_BYTES),
        maxJsonDepth: env.DSERVER_NOTIFY_MAX_JSON_DEPTH,
        maxYamlDepth: env.DSERVER_NOTIFY_MAX_YAML_DEPTH,
        maxYamlBytes: env.DSERVER_NOTIFY_MAX_YAML_BYTES,
        maxAnnotations: env.DSERVER_NOTIFY_MAX_ANNOTATIONS,
        maxTags: env.DSERVER_NOTIFY_MAX_TAGS,
      },
      s3TimeoutMs: env.DSERVER_NOTIFY_S3_TIMEOUT_MS,
      /** How long a client may take to send a request's headers (slow-drip headers). */
      headersTimeoutMs: env.DSERVER_NOTIFY_HEADERS_TIMEOUT_MS,
      /** How long a client may take to send a whole request, body included (slow-drip bodies). */
      requestTimeoutMs: env.DSERVER_NOTIFY_REQUEST_TIMEOUT_MS,
      logLevel: env.LOG_LEVEL ?? env.DSERVER_NOTIFY_LOG_LEVEL,
      mongo: { uri: env.SEARCH_MONGO_URI ?? 'mongodb://localhost:27017/', database: env.SEARCH_MONGO_DB, collection: env.SEARCH_MONGO_COLLECTION },
    },
    /** How to reach each bucket of the map. */
    s3Connections: buckets.s3Connections,
    /** Set when `DSERVER_NOTIFY_KAFKA_BROKERS` is: consume notifications from Kafka too. */
    kafka,
    /**
     * With `DSERVER_NOTIFY_INDEX=dserver`: how to reach dserver, and whether deletions also
     * remove the document from the Mongo collection of dserver's search and retrieve plugins.
     */
    dserver,
  })),
);

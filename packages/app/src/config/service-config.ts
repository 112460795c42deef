import { parseBucketToBaseUri, type BucketToBaseUri, type ConfigResult, type ReadmeLayout, type StorageLimits } from '@dtool-notify/domain';
import { LOOPBACK_NETWORKS, parseJwtPublicKey, parseNetworkList, TRUSTED_PROXY_HEADERS, type TrustedProxyHeader } from '@dtool-notify/adapter-koa';
import { readInteger, readList, readVariable, type Environment } from './read-environment.js';
import { readStorageLimits } from './storage-limits-config.js';

/** Where documents go: MongoDB directly, or dserver's REST API. */
export type IndexKind = 'mongo' | 'dserver';

/** Everything the service needs to run, read from the environment and validated. */
export interface ServiceConfig {
  readonly index: IndexKind;
  readonly bucketToBaseUri: BucketToBaseUri;
  readonly allowAccessFrom: readonly string[];
  readonly trustedProxies: readonly string[];
  /** The one forwarding header believed from a trusted proxy. */
  readonly trustedProxyHeader: TrustedProxyHeader;
  readonly authToken?: string;
  readonly jwtPublicKey?: string;
  readonly allowedTopicArns: readonly string[];
  readonly host: string;
  readonly port: number;
  readonly bodyLimitBytes: number;
  readonly readmeLayout: ReadmeLayout;
  readonly maxConcurrentSyncs: number;
  /** Bounds on what is read from storage (bytes, depths, counts). */
  readonly storageLimits: StorageLimits;
  readonly s3TimeoutMs: number;
  /** How long a client may take to send a request's headers (slow-drip headers). */
  readonly headersTimeoutMs: number;
  /** How long a client may take to send a whole request, body included (slow-drip bodies). */
  readonly requestTimeoutMs: number;
  readonly logLevel: string;
  readonly mongo: { readonly uri: string; readonly database: string; readonly collection: string };
}

/** Current names first, then the Python plugin's, so operators can switch without renaming. */
const BUCKET_MAP_VARIABLES = ['DSERVER_NOTIFY_BUCKET_TO_BASE_URI', 'DTOOL_LOOKUP_SERVER_NOTIFY_BUCKET_TO_BASE_URI'];
const ALLOW_ACCESS_VARIABLES = ['DSERVER_NOTIFY_ALLOW_ACCESS_FROM', 'DTOOL_LOOKUP_SERVER_NOTIFY_ALLOW_ACCESS_FROM'];
const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/**
 * Reads and validates the service configuration. Every problem is collected, so an operator
 * sees them all in one start-up message instead of fixing them one restart at a time.
 */
export function readServiceConfig(env: Environment): ConfigResult<ServiceConfig> {
  const problems: string[] = [];
  const bucketMapRaw = readVariable(env, BUCKET_MAP_VARIABLES);
  let bucketToBaseUri: BucketToBaseUri = new Map();
  if (bucketMapRaw === undefined) {
    problems.push(`${BUCKET_MAP_VARIABLES[0]} is not set: give the bucket → base URI map, e.g. {"my-bucket": "s3://my-bucket"}`);
  } else {
    const parsed = parseBucketToBaseUri(bucketMapRaw.value, bucketMapRaw.name);
    if (parsed.ok) bucketToBaseUri = parsed.value;
    else problems.push(...parsed.problems);
  }
  const allowAccessFrom = readNetworks(env, ALLOW_ACCESS_VARIABLES, LOOPBACK_NETWORKS, problems);
  const trustedProxies = readNetworks(env, ['DSERVER_NOTIFY_TRUSTED_PROXIES'], [], problems);
  const trustedProxyHeader = readTrustedProxyHeader(env, problems);
  const readmeLayout = readVariable(env, ['DSERVER_NOTIFY_README_LAYOUT'])?.value ?? 'text';
  if (readmeLayout !== 'text' && readmeLayout !== 'parsed-yaml') {
    problems.push(`DSERVER_NOTIFY_README_LAYOUT must be "text" or "parsed-yaml"; got "${readmeLayout}"`);
  }
  const index = readVariable(env, ['DSERVER_NOTIFY_INDEX'])?.value ?? 'mongo';
  if (index !== 'mongo' && index !== 'dserver') problems.push(`DSERVER_NOTIFY_INDEX must be "mongo" or "dserver"; got "${index}"`);
  if (index === 'dserver' && readmeLayout === 'parsed-yaml') {
    problems.push('DSERVER_NOTIFY_README_LAYOUT=parsed-yaml is for dtool-lookup-server <= 0.17: dserver keeps README text (use DSERVER_NOTIFY_INDEX=mongo for the legacy server)');
  }
  const logLevel = readVariable(env, ['DSERVER_NOTIFY_LOG_LEVEL', 'LOG_LEVEL'])?.value ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`DSERVER_NOTIFY_LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}; got "${logLevel}"`);
  const authToken = readVariable(env, ['DSERVER_NOTIFY_AUTH_TOKEN'])?.value;
  if (authToken !== undefined && authToken.length < 16) {
    problems.push('DSERVER_NOTIFY_AUTH_TOKEN must be at least 16 characters long');
  }
  const jwtPublicKey = readVariable(env, ['JWT_PUBLIC_KEY'])?.value;
  if (jwtPublicKey !== undefined) {
    const parsed = parseJwtPublicKey(jwtPublicKey, 'JWT_PUBLIC_KEY');
    if (!parsed.ok) problems.push(...parsed.problems);
  }
  const config: ServiceConfig = {
    index: index === 'dserver' ? 'dserver' : 'mongo',
    bucketToBaseUri,
    allowAccessFrom,
    trustedProxies,
    trustedProxyHeader,
    ...(authToken === undefined ? {} : { authToken }),
    ...(jwtPublicKey === undefined ? {} : { jwtPublicKey }),
    allowedTopicArns: readList(env, 'DSERVER_NOTIFY_ALLOWED_TOPIC_ARNS'),
    host: readVariable(env, ['DSERVER_NOTIFY_HOST'])?.value ?? '127.0.0.1',
    port: readInteger(env, 'DSERVER_NOTIFY_PORT', 5000, { min: 0, max: 65535 }, problems),
    bodyLimitBytes: readInteger(env, 'DSERVER_NOTIFY_BODY_LIMIT', 1024 * 1024, { min: 1024, max: 256 * 1024 * 1024 }, problems),
    readmeLayout: readmeLayout === 'parsed-yaml' ? 'parsed-yaml' : 'text',
    maxConcurrentSyncs: readInteger(env, 'DSERVER_NOTIFY_MAX_CONCURRENT_SYNCS', 8, { min: 1, max: 1024 }, problems),
    storageLimits: readStorageLimits(env, problems),
    s3TimeoutMs: readInteger(env, 'DSERVER_NOTIFY_S3_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }, problems),
    headersTimeoutMs: readInteger(env, 'DSERVER_NOTIFY_HEADERS_TIMEOUT_MS', 10_000, { min: 100, max: 600_000 }, problems),
    requestTimeoutMs: readInteger(env, 'DSERVER_NOTIFY_REQUEST_TIMEOUT_MS', 60_000, { min: 100, max: 3_600_000 }, problems),
    logLevel,
    mongo: {
      uri: readVariable(env, ['SEARCH_MONGO_URI'])?.value ?? 'mongodb://localhost:27017/',
      database: readVariable(env, ['SEARCH_MONGO_DB'])?.value ?? 'dtool_info',
      collection: readVariable(env, ['SEARCH_MONGO_COLLECTION'])?.value ?? 'datasets',
    },
  };
  if (config.headersTimeoutMs > config.requestTimeoutMs) {
    problems.push('DSERVER_NOTIFY_HEADERS_TIMEOUT_MS must not exceed DSERVER_NOTIFY_REQUEST_TIMEOUT_MS (the headers are part of the request)');
  }
  if (!/^mongodb(\+srv)?:\/\//.test(config.mongo.uri)) {
    problems.push('SEARCH_MONGO_URI must start with mongodb:// or mongodb+srv://');
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: config };
}

function readNetworks(env: Environment, names: readonly string[], fallback: readonly string[], problems: string[]): readonly string[] {
  const raw = readVariable(env, names);
  if (raw === undefined) return fallback;
  const parsed = parseNetworkList(raw.value, raw.name);
  if (parsed.ok) return parsed.value;
  problems.push(...parsed.problems);
  return fallback;
}

/** Header names are case-insensitive: `X-Real-IP` is `x-real-ip`. */
function readTrustedProxyHeader(env: Environment, problems: string[]): TrustedProxyHeader {
  const raw = readVariable(env, ['DSERVER_NOTIFY_TRUSTED_PROXY_HEADER']);
  if (raw === undefined) return 'x-forwarded-for';
  const header = TRUSTED_PROXY_HEADERS.find((name) => name === raw.value.toLowerCase());
  if (header !== undefined) return header;
  problems.push(`DSERVER_NOTIFY_TRUSTED_PROXY_HEADER must be one of ${TRUSTED_PROXY_HEADERS.join(', ')}; got "${raw.value}"`);
  return 'x-forwarded-for';
}

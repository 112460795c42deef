import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startMinio } from '../servers/minio.js';
import { startFerretDb } from '../servers/mongo.js';
import { reservePort, type PortReservation } from '../servers/ports.js';
import { startDserver, type DserverHandle } from '../servers/dserver.js';
import type { MinioHandle, MongoHandle } from '../servers/server-handles.js';
import { minioNotifyEnvironment, subscribeBucket, type MinioKafkaTarget } from './minio-notifications.js';

/** A service the stack runs: whatever the caller starts from the stack's environment. */
export interface StackService {
  stop(): Promise<void>;
}

/** The dserver user the service registers as, and one that may only search (for people and the demo). */
export const STACK_DSERVER_USERS = { service: 'dtool-notify', reader: 'researcher' } as const;

/** Options of {@link startLocalStack}. */
export interface LocalStackOptions<Service extends StackService> {
  /** Keep the servers' data here (`npm start` uses `.data/`); a throwaway directory otherwise. */
  readonly dataDir?: string;
  readonly bucket?: string;
  /** Further buckets on the same MinIO, configured in the service and created (not subscribed). */
  readonly extraBuckets?: readonly string[];
  /** The service's port; a free one when absent. */
  readonly servicePort?: number;
  readonly webhook?: boolean;
  readonly elasticsearch?: 'access' | 'namespace';
  /** MinIO publishes to this Kafka topic too, and the service consumes it (as `DSERVER_NOTIFY_KAFKA_*`). */
  readonly kafka?: MinioKafkaTarget;
  readonly authToken?: string;
  /**
   * Also run dserver 0.22 on the same MongoDB-protocol server and have the service register
   * through its API (`DSERVER_NOTIFY_INDEX=dserver`, tokens minted from dserver's key).
   */
  readonly dserver?: boolean;
  /**
   * Further MinIO environment, e.g. `GOMAXPROCS`: MinIO sends bucket notifications (webhook
   * and Kafka alike) with `GOMAXPROCS` workers, one event at a time each.
   */
  readonly minioEnv?: Readonly<Record<string, string>>;
  /** Further service settings, as environment variables (`DSERVER_NOTIFY_README_LAYOUT`…). */
  readonly serviceEnv?: Readonly<Record<string, string>>;
  /**
   * Starts the service from the stack's environment, before the bucket is subscribed. Absent:
   * everything but the service starts, and the caller takes its place on `servicePort` (e.g.
   * `dtool-notify serve` run with `serviceEnv`, to kill and restart it).
   */
  readonly startService?: (serviceEnv: Readonly<Record<string, string>>) => Promise<Service>;
}

/** MinIO notifying the service, which indexes into the MongoDB-protocol server. */
export interface LocalStack<Service extends StackService = StackService> {
  readonly serviceUrl: string;
  readonly bucket: string;
  readonly baseUri: string;
  readonly s3: { readonly endpoint: string; readonly accessKeyId: string; readonly secretAccessKey: string; readonly region: string };
  readonly s3Client: S3Client;
  readonly mongoUri: string;
  /** The environment the service runs with (to start another instance, e.g. `dtool-notify serve`). */
  readonly serviceEnv: Readonly<Record<string, string>>;
  readonly service: Service;
  readonly minio: MinioHandle;
  readonly mongo: MongoHandle;
  /** With `dserver: true`. */
  readonly dserver?: DserverHandle;
  stop(): Promise<void>;
}

/** The local stack started without `startService`: MinIO notifies a service the caller runs. */
export type LocalStackWithoutService = Omit<LocalStack, 'service'>;

/**
 * Starts the whole product on loopback: the MongoDB-protocol server, MinIO with its webhook
 * (and optionally Elasticsearch) target pointing at the service, a bucket subscribed to
 * object creations and removals, and the service itself.
 */
export async function startLocalStack<Service extends StackService>(
  options: LocalStackOptions<Service> & { readonly startService: (serviceEnv: Readonly<Record<string, string>>) => Promise<Service> },
): Promise<LocalStack<Service>>;
export async function startLocalStack(options: Omit<LocalStackOptions<never>, 'startService'>): Promise<LocalStackWithoutService>;
export async function startLocalStack<Service extends StackService>(options: LocalStackOptions<Service>): Promise<LocalStack<Service> | LocalStackWithoutService> {
  // The servers below take free ports while they start: the service's port, picked first
  // because MinIO must know where to notify, stays bound until the service takes it.
  const reservation: PortReservation = options.servicePort === undefined ? await reservePort() : { port: options.servicePort, release: async () => undefined };
  try {
    return await startStack(options, reservation);
  } finally {
    await reservation.release();
  }
}

async function startStack<Service extends StackService>(
  options: LocalStackOptions<Service>,
  { port: servicePort, release: releaseServicePort }: PortReservation,
): Promise<LocalStack<Service> | LocalStackWithoutService> {
  const bucket = options.bucket ?? 'dtool-demo';
  const dir = (name: string): string | undefined => {
    if (options.dataDir === undefined) return undefined;
    const path = join(options.dataDir, name);
    mkdirSync(path, { recursive: true });
    return path;
  };
  const serviceUrl = `http://127.0.0.1:${servicePort}`;
  const queueDir = dir('minio-queue') ?? undefined;
  const mongoDir = dir('mongo');
  const minioDir = dir('minio');
  const mongo = await startFerretDb(mongoDir === undefined ? {} : { dataDir: mongoDir });
  const baseUri = `s3://${bucket}`;
  const allBuckets = [bucket, ...(options.extraBuckets ?? [])];
  const dserverDir = dir('dserver');
  const dserver =
    options.dserver === true
      ? await startDserver({
          mongoUri: mongo.uri,
          ...(dserverDir === undefined ? {} : { dataDir: dserverDir }),
          baseUris: allBuckets.map((name) => `s3://${name}`),
          users: [
            { username: STACK_DSERVER_USERS.service, search: allBuckets.map((name) => `s3://${name}`), register: allBuckets.map((name) => `s3://${name}`) },
            { username: STACK_DSERVER_USERS.reader, search: allBuckets.map((name) => `s3://${name}`) },
          ],
        })
      : undefined;
  const minio = await startMinio({
    ...(minioDir === undefined ? {} : { dataDir: minioDir }),
    env: {
      ...options.minioEnv,
      ...minioNotifyEnvironment({
      serviceUrl,
      webhook: options.webhook !== false,
      ...(options.elasticsearch === undefined ? {} : { elasticsearch: options.elasticsearch }),
      ...(options.authToken === undefined ? {} : { authToken: options.authToken }),
      ...(queueDir === undefined ? {} : { queueDir }),
      ...(options.kafka === undefined ? {} : { kafka: options.kafka }),
      }),
    },
  });
  const s3 = { endpoint: minio.endpoint, accessKeyId: minio.accessKeyId, secretAccessKey: minio.secretAccessKey, region: minio.region };
  const s3Client = new S3Client({ ...s3, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  const serviceEnv: Record<string, string> = {
    DSERVER_NOTIFY_BUCKET_TO_BASE_URI: JSON.stringify(Object.fromEntries(allBuckets.map((name) => [name, `s3://${name}`]))),
    DSERVER_NOTIFY_PORT: String(servicePort),
    SEARCH_MONGO_URI: mongo.uri,
    ...Object.fromEntries(
      allBuckets.flatMap((name) => [
        [`DTOOL_S3_ENDPOINT_${name}`, s3.endpoint],
        [`DTOOL_S3_ACCESS_KEY_ID_${name}`, s3.accessKeyId],
        [`DTOOL_S3_SECRET_ACCESS_KEY_${name}`, s3.secretAccessKey],
      ]),
    ),
    ...(options.authToken === undefined ? {} : { DSERVER_NOTIFY_AUTH_TOKEN: options.authToken }),
    ...(options.kafka === undefined ? {} : { DSERVER_NOTIFY_KAFKA_BROKERS: options.kafka.brokers, DSERVER_NOTIFY_KAFKA_TOPICS: options.kafka.topic }),
    ...(dserver === undefined
      ? {}
      : {
          DSERVER_NOTIFY_INDEX: 'dserver',
          DSERVER_URL: dserver.url,
          DSERVER_NOTIFY_DSERVER_PRIVATE_KEY: dserver.privateKeyPem,
          DSERVER_NOTIFY_DSERVER_USERNAME: STACK_DSERVER_USERS.service,
        }),
    ...options.serviceEnv,
  };
  await releaseServicePort();
  const service = await options.startService?.(serviceEnv);
  for (const name of allBuckets) {
    await s3Client.send(new CreateBucketCommand({ Bucket: name })).catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'BucketAlreadyOwnedByYou') throw error;
    });
  }
  await subscribeBucket(s3Client, bucket, {
    webhook: options.webhook !== false,
    elasticsearch: options.elasticsearch !== undefined,
    kafka: options.kafka !== undefined,
  });
  const stop = async (): Promise<void> => {
    await service?.stop();
    s3Client.destroy();
    await dserver?.stop();
    await Promise.all([minio.stop(), mongo.stop()]);
  };
  const stack = { serviceUrl, bucket, baseUri, s3, s3Client, mongoUri: mongo.uri, serviceEnv, minio, mongo, ...(dserver === undefined ? {} : { dserver }), stop };
  return service === undefined ? stack : { ...stack, service };
}

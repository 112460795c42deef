import type { Logger } from '@dtool-notify/domain';
import { buildDataset, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from '../product-stack.js';
import type { Placeholders } from './corpus-entry.js';

/** The bucket, dataset and SNS topic the corpus is written against (its gzip bodies name them literally). */
export const HOSTILE_BUCKET = 'hostile-corpus';
export const HOSTILE_UUID = '4b1d0c5e-6a7f-4e2b-9c3d-8f1e2a3b4c5d';
export const HOSTILE_PREFIX = 'u/hostile/';
export const ALLOWED_TOPIC = 'arn:aws:sns:eu-central-1:123456789012:dtool-hostile';
/** The real dataset's admin-metadata key, plain and as S3 event notifications encode it. */
export const HOSTILE_KEY = `${HOSTILE_PREFIX}${HOSTILE_UUID}/dtool`;
export const HOSTILE_KEY_ENCODED = encodeURIComponent(HOSTILE_KEY);
/** The body limit the service runs with: large enough for 10,000 records naming the real key. */
export const HOSTILE_BODY_LIMIT = 2 * 1024 * 1024;

/** The real stack, holding one real frozen dataset that MinIO does not announce (no notification target). */
export interface HostileStack {
  readonly stack: LocalStack;
  readonly dataset: BuiltDataset;
  readonly host: string;
  readonly port: number;
  readonly placeholders: Placeholders;
}

/**
 * Starts MinIO, the MongoDB-protocol server and the service with `serviceEnv`, and writes a
 * real dataset under {@link HOSTILE_PREFIX}: a notification naming its keys could index it,
 * so a request wrongly acted on shows as an index write.
 */
export async function startHostileStack(serviceEnv: Readonly<Record<string, string>> = {}, logger?: Logger): Promise<HostileStack> {
  const stack = await startLocalStack({
        ...(logger === undefined ? {} : { logger }),
    bucket: HOSTILE_BUCKET,
    webhook: false,
    serviceEnv: {
      DSERVER_NOTIFY_BODY_LIMIT: String(HOSTILE_BODY_LIMIT),
      DSERVER_NOTIFY_ALLOWED_TOPIC_ARNS: ALLOWED_TOPIC,
      // Short, so that requests which never finish are cut off within the test's time.
      DSERVER_NOTIFY_HEADERS_TIMEOUT_MS: '2000',
      DSERVER_NOTIFY_REQUEST_TIMEOUT_MS: '3000',
      ...serviceEnv,
    },
  });
  const dataset = buildDataset({
    bucket: HOSTILE_BUCKET,
    uuid: HOSTILE_UUID,
    prefix: HOSTILE_PREFIX,
    items: 3,
    tags: ['hostile'],
    annotations: { purpose: 'hostile-corpus' },
  });
  await writeDataset(createS3DatasetStorage(stack.s3Client, HOSTILE_BUCKET), dataset);
  const url = new URL(stack.serviceUrl);
  const placeholders: Placeholders = {
    HOST: url.host,
    BUCKET: HOSTILE_BUCKET,
    UUID: HOSTILE_UUID,
    KEY: HOSTILE_KEY,
    KEY_ENCODED: HOSTILE_KEY_ENCODED,
    TOPIC: ALLOWED_TOPIC,
    FILLER_4K: 'f'.repeat(4096),
    FILLER_8K: 'f'.repeat(8192),
    FILLER_15K: 'c=1; '.repeat(3072),
    FILLER_20K: 'f'.repeat(20_480),
    MANY_HEADERS: Array.from({ length: 400 }, (_, index) => `X-Filler-${String(index).padStart(4, '0')}: ${'v'.repeat(84)}\r\n`).join(''),
    MANY_HOPS: Array.from({ length: 1000 }, (_, index) => `10.${(index >> 8) & 255}.${index & 255}.1`).join(', '),
  };
  return { stack, dataset, host: url.hostname, port: Number(url.port), placeholders };
}

import { randomBytes } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import { createTestS3Client, ensureBucket } from '@dtool-notify/testkit/s3';
import { inject } from 'vitest';
import type { BucketConnection } from '../src/index.js';

/** The MinIO server of this test run (started by the global setup). */
export function testS3() {
  return inject('s3');
}

/** A bucket name no other test file uses (S3 names: lower case, 3–63 characters). */
export function uniqueBucketName(purpose: string): string {
  return `adapter-s3-${purpose}-${randomBytes(4).toString('hex')}`;
}

/** Creates a fresh bucket on the test MinIO and a client to write into it. */
export async function createTestBucket(purpose: string): Promise<{ bucket: string; client: S3Client }> {
  const client = createTestS3Client(testS3());
  const bucket = uniqueBucketName(purpose);
  await ensureBucket(client, bucket);
  return { bucket, client };
}

/** The connection of a bucket on the test MinIO, as the composition root would pass it. */
export function minioConnection(overrides: Partial<BucketConnection> = {}): BucketConnection {
  const { endpoint, accessKeyId, secretAccessKey, region } = testS3();
  return { endpoint, accessKeyId, secretAccessKey, region, ...overrides };
}

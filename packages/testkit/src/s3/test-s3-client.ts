import { S3Client } from '@aws-sdk/client-s3';

/** Where a test S3 server (MinIO) listens and how to log in: what the global setup provides as `inject('s3')`. */
export interface TestS3Options {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

/**
 * An S3 client for a local S3-compatible server: path-style addressing (no bucket DNS names)
 * and checksums only where S3 requires them, which every S3-compatible server accepts.
 */
export function createTestS3Client(options: TestS3Options): S3Client {
  return new S3Client({
    endpoint: options.endpoint,
    region: options.region,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

import { describeManifestReaderContract } from '@dtool-notify/testkit/contracts';
import { createS3DatasetStorage, createTestS3Client, ensureBucket } from '@dtool-notify/testkit/s3';
import { createS3ManifestReader } from '../src/index.js';
import { minioConnection, testS3, uniqueBucketName } from './minio.js';

describeManifestReaderContract(
  'S3 on MinIO',
  async (bucket) => {
    const client = createTestS3Client(testS3());
    await ensureBucket(client, bucket);
    const reader = createS3ManifestReader({ buckets: new Map([[bucket, minioConnection()]]) });
    return {
      reader,
      storage: createS3DatasetStorage(client, bucket),
      baseUri: `s3://${bucket}`,
      cleanup: async () => {
        reader.close();
        client.destroy();
      },
    };
  },
  { bucket: uniqueBucketName('contract') },
);

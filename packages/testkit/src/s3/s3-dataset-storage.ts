import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DatasetStorage } from '../builders/dataset-storage.js';

/**
 * One S3 bucket as a {@link DatasetStorage}: each object is one PutObject with its user
 * metadata, as dtool-s3 writes it (boto3 `put_object(..., Metadata=...)`).
 */
export function createS3DatasetStorage(client: S3Client, bucket: string): DatasetStorage {
  return {
    bucket,
    async put(object) {
      await client.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: object.key,
          Body: object.body,
          // Given explicitly: the SDK cannot size an empty body (tags, a top-level registration key) and warns.
          ContentLength: typeof object.body === 'string' ? Buffer.byteLength(object.body, 'utf8') : object.body.byteLength,
          ...(object.metadata === undefined ? {} : { Metadata: { ...object.metadata } }),
        }),
      );
    },
    async delete(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
  };
}

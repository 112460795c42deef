export type { TestS3Options } from './test-s3-client.js';
export { createTestS3Client } from './test-s3-client.js';
export { createS3DatasetStorage } from './s3-dataset-storage.js';
export { ensureBucket, emptyBucket } from './bucket-helpers.js';

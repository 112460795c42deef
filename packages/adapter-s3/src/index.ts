export type { BucketConnection } from './bucket-connection.js';
export { connectionVariables } from './bucket-connection.js';
export type { S3ManifestReader, S3ManifestReaderOptions } from './create-s3-manifest-reader.js';
export { createS3ManifestReader } from './create-s3-manifest-reader.js';
export type { BucketReadiness } from './check-readiness.js';
export type { RequestStats } from './request-stats.js';
export { s3ConnectionsFromEnvironment } from './s3-connections-from-environment.js';

/**
 * How to reach one bucket, as dtool-s3 configures it per bucket. Absent keys fall back to
 * the standard AWS credential chain (environment, shared profile, instance role); an absent
 * endpoint means AWS S3 itself.
 */
export interface BucketConnection {
  /** `DTOOL_S3_ENDPOINT_<bucket>`, e.g. `http://minio.example.org:9000`. */
  readonly endpoint?: string;
  /** `DTOOL_S3_ACCESS_KEY_ID_<bucket>`. */
  readonly accessKeyId?: string;
  /** `DTOOL_S3_SECRET_ACCESS_KEY_<bucket>`. */
  readonly secretAccessKey?: string;
  /** Signing region; `us-east-1` for a custom endpoint, the AWS chain's otherwise. */
  readonly region?: string;
  /**
   * `DTOOL_S3_DATASET_PREFIX_<bucket>`: where dtool-s3 puts new datasets. Used, as dtool-s3
   * does, only when a dataset's registration key is missing.
   */
  readonly datasetPrefix?: string;
}

/** The dtool-s3 configuration variables of one bucket. */
export function connectionVariables(bucket: string) {
  return {
    endpoint: `DTOOL_S3_ENDPOINT_${bucket}`,
    accessKeyId: `DTOOL_S3_ACCESS_KEY_ID_${bucket}`,
    secretAccessKey: `DTOOL_S3_SECRET_ACCESS_KEY_${bucket}`,
    datasetPrefix: `DTOOL_S3_DATASET_PREFIX_${bucket}`,
  } as const;
}

/** Where a bucket's requests go, for messages: its endpoint or AWS S3. */
export function describeEndpoint(connection: BucketConnection): string {
  return connection.endpoint ?? 'the default AWS S3 endpoint';
}

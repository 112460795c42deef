// Types of the values global-setup.ts provides to tests, so that
// `inject('s3')` and `inject('mongoUri')` are typed. Include this file in a test
// package's tsconfig (or reference it with a triple-slash directive).

/** Connection details of the MinIO server started for the test run. */
export interface ProvidedS3 {
  /** e.g. `http://127.0.0.1:40123`; use path-style addressing. */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: 'us-east-1';
}

declare module 'vitest' {
  export interface ProvidedContext {
    s3: ProvidedS3;
    /** `mongodb://127.0.0.1:<port>/` of FerretDB, a local mongod, or `$DTOOL_NOTIFY_TEST_MONGO_URI`. */
    mongoUri: string;
  }
}

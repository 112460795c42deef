/// <reference path="./vitest-provided.d.ts" />
// Vitest global setup: one MinIO and one MongoDB-compatible server for the whole test run.
// Use from a package's vitest config: `globalSetup: ['../../scripts/vitest-global-setup.ts']`.
import type { TestProject } from 'vitest/node';
// @ts-ignore -- plain ESM script without type declarations
import { startFerretDb, startMinio } from './services.mjs';

interface Running {
  stop(): Promise<void>;
}
interface MinioHandle extends Running {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
}
interface MongoHandle extends Running {
  uri: string;
}

/** Starts the servers, provides `s3` and `mongoUri`, and returns the teardown that stops them. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [minio, mongo] = await Promise.allSettled([
    startMinio() as Promise<MinioHandle>,
    startFerretDb() as Promise<MongoHandle>,
  ]);
  const running = [minio, mongo].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(running.map((s) => s.stop()));
  };
  if (minio.status === 'rejected' || mongo.status === 'rejected') {
    await stopAll();
    throw minio.status === 'rejected' ? minio.reason : (mongo as PromiseRejectedResult).reason;
  }
  project.provide('s3', {
    endpoint: minio.value.endpoint,
    accessKeyId: minio.value.accessKeyId,
    secretAccessKey: minio.value.secretAccessKey,
    region: 'us-east-1',
  });
  project.provide('mongoUri', mongo.value.uri);
  return stopAll;
}

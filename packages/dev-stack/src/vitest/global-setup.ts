/// <reference path="./provided.d.ts" />
// Vitest global setup: one MinIO and one MongoDB-compatible server for a package's whole test run.
import type { TestProject } from 'vitest/node';
import { startFerretDb } from '../servers/mongo.js';
import { startMinio } from '../servers/minio.js';

/** Starts the servers, provides `s3` and `mongoUri`, and returns the teardown that stops them. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [minio, mongo] = await Promise.allSettled([startMinio(), startFerretDb()]);
  const running = [minio, mongo].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stopAll = async (): Promise<void> => {
    await Promise.all(running.map((server) => server.stop()));
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

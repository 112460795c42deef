import { createServer, type AddressInfo, type Socket } from 'node:net';
import { DtoolNotifyError, silentLogger } from '@dtool-notify/domain';
import { buildDataset, unusedLoopbackPort, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { beforeAll, describe, expect, test } from 'vitest';
import { createS3ManifestReader, type BucketConnection } from '../src/index.js';
import { createTestBucket, minioConnection } from './minio.js';

const WRONG_SECRET = 'wrong-secret-do-not-print-1f2e3d';

async function failureOf(promise: Promise<unknown>): Promise<DtoolNotifyError> {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(DtoolNotifyError);
  return error as DtoolNotifyError;
}

describe('S3 failures as domain errors', () => {
  let bucket: string;
  let dataset: BuiltDataset;
  const readWith = (connection: BucketConnection, options: { requestTimeoutMs?: number } = {}) => {
    const reader = createS3ManifestReader({ buckets: new Map([[bucket, connection]]), ...options });
    const location = { bucket, baseUri: `s3://${bucket}`, uuid: dataset.uuid, prefix: dataset.prefix };
    return { reader, location };
  };

  beforeAll(async () => {
    const created = await createTestBucket('failures');
    bucket = created.bucket;
    dataset = buildDataset({ bucket, prefix: 'u/alice/' });
    await writeDataset(createS3DatasetStorage(created.client, bucket), dataset);
  });

  test('a wrong secret is access-denied naming the credential variables, never the secret', async () => {
    const { reader, location } = readWith(minioConnection({ secretAccessKey: WRONG_SECRET }));
    for (const read of [() => reader.readAdminMetadata(location), () => reader.readDataset(location, dataset.content.adminMetadata)]) {
      const error = await failureOf(read());
      expect(error.code).toBe('access-denied');
      expect(error.message).toContain(`"${bucket}"`);
      expect(error.message).toContain(`DTOOL_S3_ACCESS_KEY_ID_${bucket}`);
      expect(error.message).toContain(`DTOOL_S3_SECRET_ACCESS_KEY_${bucket}`);
      expect(`${error.message} ${String(error.cause)} ${JSON.stringify(error.cause)}`).not.toContain(WRONG_SECRET);
    }
    reader.close();
  });

  test('logs a misconfiguration as a warning naming the bucket, without the secret', async () => {
    const warnings: Array<Readonly<Record<string, unknown>>> = [];
    const logger = { ...silentLogger, warn: (fields: Readonly<Record<string, unknown>>) => void warnings.push(fields) };
    const reader = createS3ManifestReader({ buckets: new Map([[bucket, minioConnection({ secretAccessKey: WRONG_SECRET })]]), logger });
    const location = { bucket, baseUri: `s3://${bucket}`, uuid: dataset.uuid, prefix: dataset.prefix };
    await failureOf(reader.readAdminMetadata(location));
    expect(warnings).toEqual([expect.objectContaining({ bucket, uuid: dataset.uuid, operation: 'readAdminMetadata' })]);
    expect(JSON.stringify(warnings)).not.toContain(WRONG_SECRET);
    reader.close();
  });

  test('an unknown access key is access-denied', async () => {
    const { reader, location } = readWith(minioConnection({ accessKeyId: 'no-such-user', secretAccessKey: WRONG_SECRET }));
    const error = await failureOf(reader.readDataset(location, dataset.content.adminMetadata));
    expect(error.code).toBe('access-denied');
    expect(error.message).toContain('InvalidAccessKeyId');
    reader.close();
  });

  test('an endpoint nobody listens on is retryable, names bucket and endpoint, and fails within the timeout', async () => {
    const endpoint = `http://127.0.0.1:${await unusedLoopbackPort()}`;
    const { reader, location } = readWith(minioConnection({ endpoint }), { requestTimeoutMs: 2_000 });
    const started = Date.now();
    const error = await failureOf(reader.readAdminMetadata(location));
    expect(Date.now() - started).toBeLessThan(2_000 * 2 + 1_000);
    expect(error.code).toBe('retryable');
    expect(error.message).toContain(`"${bucket}"`);
    expect(error.message).toContain(endpoint);
    // Two attempts (the SDK's retry), each counted.
    expect(reader.stats()).toMatchObject({ requests: 2, requestsByOperation: { HeadObject: 2 } });
    reader.close();
  });

  test('a server that accepts connections but never answers is retryable after the request timeout', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const endpoint = `http://127.0.0.1:${port}`;
    const { reader, location } = readWith(minioConnection({ endpoint }), { requestTimeoutMs: 500 });
    try {
      const started = Date.now();
      const error = await failureOf(reader.readAdminMetadata(location));
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(error.code).toBe('retryable');
      expect(error.message).toContain(endpoint);
    } finally {
      reader.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('a missing bucket is a permanent error naming it', async () => {
    const missing = `${bucket}-missing`;
    const reader = createS3ManifestReader({ buckets: new Map([[missing, minioConnection()]]) });
    const location = { bucket: missing, baseUri: `s3://${missing}`, uuid: dataset.uuid, prefix: dataset.prefix };
    const error = await failureOf(reader.readDataset(location, dataset.content.adminMetadata));
    expect(error.code).toBe('permanent');
    expect(error.message).toContain(`"${missing}" at ${minioConnection().endpoint} does not exist`);
    reader.close();
  });

  test('checkReadiness reports each bucket reachable or why not', async () => {
    const deadEndpoint = `http://127.0.0.1:${await unusedLoopbackPort()}`;
    const reader = createS3ManifestReader({
      buckets: new Map([
        [bucket, minioConnection()],
        [`${bucket}-missing`, minioConnection()],
        ['denied-bucket', minioConnection({ secretAccessKey: WRONG_SECRET })],
        ['dead-bucket', minioConnection({ endpoint: deadEndpoint })],
      ]),
      requestTimeoutMs: 2_000,
    });
    const readiness = await reader.checkReadiness();
    expect(readiness.map((entry) => [entry.bucket, entry.ready, entry.ready ? undefined : entry.code])).toEqual([
      [bucket, true, undefined],
      [`${bucket}-missing`, false, 'permanent'],
      ['denied-bucket', false, 'access-denied'],
      ['dead-bucket', false, 'retryable'],
    ]);
    const denied = readiness[2];
    expect(denied?.ready === false && denied.reason).toContain('DTOOL_S3_SECRET_ACCESS_KEY_denied-bucket');
    expect(JSON.stringify(readiness)).not.toContain(WRONG_SECRET);
    reader.close();
  });
});

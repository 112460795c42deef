import { describe, expect, test } from 'vitest';
import { createRequestCounter } from './request-stats.js';
import { createS3Clients } from './s3-clients.js';

describe('createS3Clients', () => {
  const settings = { requestTimeoutMs: 1_000, maxAttempts: 1 };

  test('shares one client between buckets with the same endpoint and credentials', () => {
    const clients = createS3Clients(settings, createRequestCounter());
    const connection = { endpoint: 'http://127.0.0.1:9000', accessKeyId: 'key', secretAccessKey: 'secret' };
    expect(clients.clientFor(connection)).toBe(clients.clientFor({ ...connection, datasetPrefix: 'u/alice/' }));
    clients.destroy();
  });

  test('creates separate clients for other endpoints or credentials', () => {
    const clients = createS3Clients(settings, createRequestCounter());
    const connection = { endpoint: 'http://127.0.0.1:9000', accessKeyId: 'key', secretAccessKey: 'secret' };
    const first = clients.clientFor(connection);
    expect(clients.clientFor({ ...connection, endpoint: 'http://127.0.0.1:9001' })).not.toBe(first);
    expect(clients.clientFor({ ...connection, secretAccessKey: 'other' })).not.toBe(first);
    expect(clients.clientFor({})).not.toBe(first);
    clients.destroy();
  });

  test('addresses buckets path-style and signs for us-east-1 at a custom endpoint', async () => {
    const clients = createS3Clients(settings, createRequestCounter());
    const client = clients.clientFor({ endpoint: 'http://127.0.0.1:9000', accessKeyId: 'key', secretAccessKey: 'secret' });
    expect(client.config.forcePathStyle).toBe(true);
    expect(await client.config.region()).toBe('us-east-1');
    clients.destroy();
  });
});

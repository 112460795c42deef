import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildDataset, readFixtureText, storageFor, writeDataset } from '@dtool-notify/testkit';
import { send, startHarness, type Harness } from './harness.js';

describe('logging', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('writes one info line per synced record with bucket, key, uri, outcome and duration', async () => {
    const uuid = '49f0bf41-471b-4781-855e-161fe81ffb0d';
    await writeDataset(storageFor(harness.store, 'test-bucket'), buildDataset({ bucket: 'test-bucket', uuid, prefix: 'u/testuser/' }));
    const lines = readFixtureText('minio/webhook-copy-dataset.jsonl').trim().split('\n');
    await send(`${harness.url}/webhook/notify`, { body: lines.at(-1) ?? '', contentType: 'application/json' });
    const records = harness.logger.lines.filter((line) => line.fields['event'] === 'record');
    expect(records).toEqual([
      {
        level: 'info',
        message: 'record indexed',
        fields: {
          event: 'record',
          bucket: 'test-bucket',
          key: `u/testuser/${uuid}/dtool`,
          uri: `s3://test-bucket/${uuid}`,
          outcome: 'indexed',
          reason: undefined,
          durationMs: expect.any(Number),
        },
      },
    ]);
  });

  test('logs ignored records at debug, with their reason', async () => {
    const line = readFixtureText('minio/webhook-access-events.jsonl').split('\n')[0] ?? '';
    await send(`${harness.url}/webhook/notify`, { body: line, contentType: 'application/json' });
    const records = harness.logger.lines.filter((entry) => entry.fields['event'] === 'record');
    expect(records).toEqual([
      expect.objectContaining({ level: 'debug', fields: expect.objectContaining({ outcome: 'ignored', bucket: 'test-bucket', reason: expect.any(String) }) }),
    ]);
  });

  test('logs one debug line per request, without headers', async () => {
    await send(`${harness.url}/health`, { method: 'GET', headers: { authorization: 'Bearer secret-value' } });
    const requests = harness.logger.lines.filter((entry) => entry.fields['event'] === 'request');
    expect(requests).toEqual([
      {
        level: 'debug',
        message: 'request answered',
        fields: { event: 'request', method: 'GET', path: '/health', status: 200, durationMs: expect.any(Number), clientAddress: '127.0.0.1' },
      },
    ]);
    expect(JSON.stringify(harness.logger.lines)).not.toContain('secret-value');
  });
});

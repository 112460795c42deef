import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { minioElasticsearchDocumentId } from '@dtool-notify/domain';
import { fixturesDirectory, readFixtureJson, readFixtureText } from '@dtool-notify/testkit';
import { send, startHarness, type Harness } from './harness.js';

/** How each captured payload is delivered, and the status it must get. */
interface Delivery {
  readonly method: string;
  readonly path: string;
  readonly contentType?: string;
  readonly body?: string;
  readonly status: number;
}

function webhook(body: string, contentType: string, status = 200): Delivery {
  return { method: 'POST', path: '/webhook/notify', contentType, body, status };
}

function jsonLines(file: string): string[] {
  return readFixtureText(file).split('\n').filter((line) => line.trim() !== '');
}

function searchIntegration(file: string): Delivery[] {
  const request = readFixtureJson(file) as { method: string; path: string; body?: unknown };
  return [
    {
      method: request.method,
      path: request.path,
      status: 200,
      ...(request.body === undefined ? {} : { contentType: 'application/json', body: JSON.stringify(request.body) }),
    },
  ];
}

/** A namespace-format document: PUT to the id MinIO derives from bucket and key. */
function namespaceDocument(line: string): Delivery {
  const record = (JSON.parse(line) as { Records: Array<{ s3: { bucket: { name: string }; object: { key: string } } }> }).Records[0];
  const key = decodeURIComponent((record?.s3.object.key ?? '').replace(/\+/g, ' '));
  const id = minioElasticsearchDocumentId(record?.s3.bucket.name ?? '', key);
  return { method: 'PUT', path: `/elastic-search/minio-events/_doc/${id}`, contentType: 'application/json', body: line, status: 201 };
}

/** Every notification fixture, as its sender delivers it. */
const DELIVERIES: Readonly<Record<string, () => Delivery[]>> = {
  'aws/s3-event-object-created.json': () => [webhook(readFixtureText('aws/s3-event-object-created.json'), 'application/json')],
  'aws/s3-test-event.json': () => [webhook(readFixtureText('aws/s3-test-event.json'), 'application/json')],
  // AWS SNS posts JSON as text/plain.
  'aws/sns-notification-envelope.json': () => [webhook(readFixtureText('aws/sns-notification-envelope.json'), 'text/plain; charset=UTF-8')],
  // Not in the allowed topics of this harness: refused, and nothing is fetched.
  'aws/sns-subscription-confirmation.json': () => [webhook(readFixtureText('aws/sns-subscription-confirmation.json'), 'text/plain; charset=UTF-8', 403)],
  'minio/webhook-copy-dataset.jsonl': () => jsonLines('minio/webhook-copy-dataset.jsonl').map((line) => webhook(line, 'application/json')),
  'minio/webhook-delete-two-datasets.jsonl': () => jsonLines('minio/webhook-delete-two-datasets.jsonl').map((line) => webhook(line, 'application/json')),
  'minio/webhook-access-events.jsonl': () => jsonLines('minio/webhook-access-events.jsonl').map((line) => webhook(line, 'application/json')),
  'minio/es-namespace-copy-dataset.jsonl': () => jsonLines('minio/es-namespace-copy-dataset.jsonl').map(namespaceDocument),
  'storagegrid/sns-form-object-created.txt': () => [webhook(readFixtureText('storagegrid/sns-form-object-created.txt'), 'application/x-www-form-urlencoded')],
  'storagegrid/sns-form-object-removed.txt': () => [webhook(readFixtureText('storagegrid/sns-form-object-removed.txt'), 'application/x-www-form-urlencoded')],
  'storagegrid/sns-form-endpoint-test.txt': () => [webhook(readFixtureText('storagegrid/sns-form-endpoint-test.txt'), 'application/x-www-form-urlencoded')],
  'storagegrid/search-integration-put-admin-metadata.json': () => searchIntegration('storagegrid/search-integration-put-admin-metadata.json'),
  'storagegrid/search-integration-delete-admin-metadata.json': () => searchIntegration('storagegrid/search-integration-delete-admin-metadata.json'),
};

const NOTIFICATION_DIRECTORIES = ['aws', 'minio', 'storagegrid'];

describe('every captured notification over HTTP', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('every notification fixture has an expected delivery', () => {
    const files = NOTIFICATION_DIRECTORIES.flatMap((directory) =>
      readdirSync(path.join(fixturesDirectory(), directory)).map((file) => `${directory}/${file}`),
    );
    expect(files.sort()).toEqual(Object.keys(DELIVERIES).sort());
  });

  test.each(Object.keys(DELIVERIES))('%s gets the expected status and never a 5xx', async (file) => {
    for (const delivery of DELIVERIES[file]?.() ?? []) {
      const response = await send(`${harness.url}${delivery.path}`, {
        method: delivery.method,
        ...(delivery.body === undefined ? {} : { body: delivery.body }),
        ...(delivery.contentType === undefined ? {} : { contentType: delivery.contentType }),
      });
      expect({ file, status: response.status, body: response.json }).toMatchObject({ file, status: delivery.status });
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    }
  });

  test('the AWS event names a key with a space, decoded from "+"', async () => {
    const response = await send(`${harness.url}/webhook/notify`, {
      body: readFixtureText('aws/s3-event-object-created.json'),
      contentType: 'application/json',
    });
    expect(response.json).toMatchObject({ records: [{ key: 'projects/alpha beta/7b1a2c9e-4f0d-4c55-9b1e-2d8f3a6c0e11/dtool' }] });
  });

  test('the StorageGRID endpoint test is acknowledged', async () => {
    const response = await send(`${harness.url}/webhook/notify/storagegrid`, {
      body: readFixtureText('storagegrid/sns-form-endpoint-test.txt'),
      contentType: 'application/x-www-form-urlencoded',
    });
    expect(response.json).toMatchObject({ records: [], acknowledged: expect.stringContaining('endpoint test') });
  });

  test('read-only MinIO traffic is ignored without touching the index', async () => {
    for (const line of jsonLines('minio/webhook-access-events.jsonl')) {
      const response = await send(`${harness.url}/webhook/notify`, { body: line, contentType: 'application/json' });
      expect(response.json).toMatchObject({ summary: { ignored: 1, indexed: 0, deleted: 0 } });
    }
    expect(harness.index.counts).toEqual({ upserts: 0, deletes: 0, finds: 0, lists: 0, tickets: 0 });
    expect(harness.reader.counts.requests).toBe(0);
  });
});

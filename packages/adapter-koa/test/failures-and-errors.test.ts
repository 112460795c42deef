import { afterEach, describe, expect, test } from 'vitest';
import { permanentError, unreadableError, type Synchronizer } from '@dtool-notify/domain';
import { buildDataset, storageFor, writeDataset } from '@dtool-notify/testkit';
import { send, startHarness, type Harness } from './harness.js';
import { rawRequest } from './raw-request.js';

const UUID = '7b1a2c9e-4f0d-4c55-9b1e-2d8f3a6c0e11';

/** An S3 event for the final `dtool` write of the dataset {@link writeFrozenDataset} stores. */
const finalWrite = JSON.stringify({
  Records: [
    {
      eventName: 's3:ObjectCreated:Put',
      s3: { bucket: { name: 'my-dtool-bucket' }, object: { key: `u%2Falice%2F${UUID}%2Fdtool` } },
    },
  ],
});

async function writeFrozenDataset(harness: Harness): Promise<void> {
  await writeDataset(storageFor(harness.store, 'my-dtool-bucket'), buildDataset({ bucket: 'my-dtool-bucket', uuid: UUID, prefix: 'u/alice/' }));
}

describe('failures', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  test('an index that is unavailable gets 503 with Retry-After, and the retried notification succeeds', async () => {
    harness = await startHarness({ retryAfterSeconds: 7 });
    await writeFrozenDataset(harness);
    harness.index.failNext(1);
    const failed = await send(`${harness.url}/webhook/notify`, { body: finalWrite, contentType: 'application/json' });
    expect(failed.status).toBe(503);
    expect(failed.headers.get('retry-after')).toBe('7');
    expect(failed.json).toMatchObject({
      error: 'the index or the storage is unavailable; retry this notification later',
      records: [{ outcome: 'failed', reason: 'the index or the storage is unavailable for now' }],
      summary: { failed: 1 },
    });
    expect(harness.index.documents()).toEqual([]);
    const retried = await send(`${harness.url}/webhook/notify`, { body: finalWrite, contentType: 'application/json' });
    expect(retried.status).toBe(200);
    expect(harness.index.documents().map((document) => document.uri)).toEqual([`s3://my-dtool-bucket/${UUID}`]);
  });

  test('storage that is unavailable gets 503 with the default Retry-After', async () => {
    harness = await startHarness();
    await writeFrozenDataset(harness);
    harness.reader.failNext(1);
    const response = await send(`${harness.url}/webhook/notify`, { body: finalWrite, contentType: 'application/json' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
  });

  test('a permanent failure is reported in a 200 without the backend message, which goes to the log', async () => {
    harness = await startHarness();
    await writeFrozenDataset(harness);
    harness.index.failNext(1, permanentError('write refused by mongodb://admin:hunter2@db.internal'));
    const response = await send(`${harness.url}/webhook/notify`, { body: finalWrite, contentType: 'application/json' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      records: [{ outcome: 'failed', reason: 'the dataset could not be synced (permanent); the index entry is left as it was' }],
      summary: { failed: 1 },
    });
    expect(response.text).not.toContain('hunter2');
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ event: 'record', outcome: 'failed', code: 'permanent' }) }),
    );
  });

  test('a bug in a sync is answered 200 with the record failed as internal (a retry would repeat it forever), no details, and an error log', async () => {
    const synchronizer: Synchronizer = {
      syncDataset: () => {
        throw new TypeError('boom near mongodb://admin:hunter2@db.internal');
      },
      applyChanges: () => {
        throw new TypeError('boom near mongodb://admin:hunter2@db.internal');
      },
      pending: 0,
      whenIdle: async () => undefined,
    };
    harness = await startHarness({ synchronizer });
    const response = await send(`${harness.url}/webhook/notify`, { body: finalWrite, contentType: 'application/json' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      records: [{ outcome: 'failed', reason: 'the dataset could not be synced (internal); the index entry is left as it was' }],
      summary: { failed: 1 },
    });
    expect(response.text).not.toContain('hunter2');
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'error', fields: expect.objectContaining({ event: 'record', outcome: 'failed', code: 'internal' }) }),
    );
  });

  test('a content failure is answered 200 with its reason and the entry left as it was, logged at warn', async () => {
    harness = await startHarness();
    await writeFrozenDataset(harness);
    harness.reader.failNext(1, unreadableError('annotation "deep" is nested deeper than 64 levels'));
    const response = await send(`${harness.url}/webhook/notify`, { body: finalWrite, contentType: 'application/json' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      records: [{ outcome: 'failed', reason: 'annotation "deep" is nested deeper than 64 levels; the index entry is left as it was' }],
      summary: { failed: 1 },
    });
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ event: 'record', outcome: 'failed', code: 'unreadable' }) }),
    );
  });

  test('while draining, notifications get 503 with Retry-After and /ready turns false', async () => {
    harness = await startHarness({ isDraining: () => true });
    const response = await send(`${harness.url}/webhook/notify`, { body: finalWrite, contentType: 'application/json' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const ready = await send(`${harness.url}/ready`, { method: 'GET' });
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ ready: false, draining: true });
  });

  test('/ready reports 503 when a backend is down, and when the check itself fails', async () => {
    harness = await startHarness({ readiness: async () => ({ ready: false, checks: { mongo: { ok: false, detail: 'unreachable' } } }) });
    const ready = await send(`${harness.url}/ready`, { method: 'GET' });
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({ ready: false, checks: { mongo: { ok: false, detail: 'unreachable' } } });
    await harness.close();
    harness = await startHarness({
      readiness: async () => {
        throw new Error('probe crashed');
      },
    });
    expect((await send(`${harness.url}/ready`, { method: 'GET' })).status).toBe(503);
  });
});

describe('errors', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  test('an unknown path gets a JSON 404', async () => {
    harness = await startHarness();
    for (const path of ['/nope', '/webhook', '/elastic-search/_bulk']) {
      const response = await send(`${harness.url}${path}`, { method: 'GET' });
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.json).toEqual({ error: expect.any(String) });
    }
  });

  test('a wrong method gets a JSON 405 naming the allowed methods', async () => {
    harness = await startHarness();
    const webhook = await send(`${harness.url}/webhook/notify`, { method: 'GET' });
    expect(webhook.status).toBe(405);
    expect(webhook.headers.get('allow')).toContain('POST');
    expect(webhook.json).toEqual({ error: 'method GET is not allowed here' });
    const elastic = await send(`${harness.url}/elastic-search/`, { method: 'DELETE' });
    expect(elastic.status).toBe(405);
    expect(elastic.headers.get('allow')).toBe('GET, HEAD');
  });

  test('a verb no route implements gets a JSON 405, never a 5xx', async () => {
    harness = await startHarness();
    for (const [method, path] of [['TRACE', '/webhook/notify'], ['PROPFIND', '/webhook/notify'], ['PURGE', '/nope']] as const) {
      const response = await rawRequest(`${harness.url}${path}`, { method });
      expect(response.status).toBe(405);
      expect(JSON.parse(response.text)).toEqual({ error: `method ${method} is not allowed here` });
    }
  });

  test('every answer carries X-Content-Type-Options: nosniff', async () => {
    harness = await startHarness();
    for (const [method, path] of [['GET', '/health'], ['GET', '/nope'], ['POST', '/webhook/notify'], ['GET', '/elastic-search/']] as const) {
      const response = await send(`${harness.url}${path}`, { method, ...(method === 'POST' ? { body: '{', contentType: 'application/json' } : {}) });
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

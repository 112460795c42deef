import { DtoolNotifyError, type DatasetDocument } from '@dtool-notify/domain';
import { buildDataset, expectedDocument, unusedLoopbackPort } from '@dtool-notify/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMongoDatasetIndex, MAX_DOCUMENT_BYTES, storedDocumentSize, type MongoDatasetIndex } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './mongo-test-database.js';
import { startTcpProxy } from './tcp-proxy.js';

let database: TestDatabase;
let index: MongoDatasetIndex;

beforeAll(async () => {
  database = await openTestDatabase('failures');
  index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
});

afterAll(async () => {
  await index.close();
  await database.drop();
});

const sample = (baseUri = 's3://failures'): DatasetDocument => expectedDocument(buildDataset({ bucket: 'failures' }), baseUri);
const stored = (uri: string) => database.db.collection('datasets').countDocuments({ uri });

/** `document` with its README padded so that it is exactly `bytes` long as stored. */
function documentOfSize(bytes: number): DatasetDocument {
  const document = { ...sample(), readme: '' };
  return { ...document, readme: 'x'.repeat(bytes - storedDocumentSize(document)) };
}

describe('documents over the 16 MiB BSON limit', () => {
  test('are refused as too-large, naming the dataset and its size, and nothing is written', async () => {
    const document = documentOfSize(MAX_DOCUMENT_BYTES + 1);
    const error = await index.upsert(document).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DtoolNotifyError);
    expect(error).toMatchObject({ code: 'too-large' });
    expect((error as Error).message).toContain(document.uri);
    expect((error as Error).message).toContain(String(MAX_DOCUMENT_BYTES + 1));
    expect(await stored(document.uri)).toBe(0);
    expect(index.stats().writes).toBe(0);
  });

  test('are stored when exactly at the limit', async () => {
    const document = documentOfSize(MAX_DOCUMENT_BYTES);
    await index.upsert(document);
    expect(await stored(document.uri)).toBe(1);
  });
});

describe('field names', () => {
  test('a top-level admin metadata key starting with $ is unreadable content, naming the dataset and the key', async () => {
    const document = { ...sample(), $weird: 1 };
    await expect(index.upsert(document)).rejects.toMatchObject({
      code: 'unreadable',
      message: expect.stringMatching(new RegExp(`${document.uri}.*\\["\\$weird"\\]`)),
    });
    expect(await stored(document.uri)).toBe(0);
  });

  test('a NUL byte in an annotation name is unreadable content, naming the key', async () => {
    const document = { ...sample(), annotations: { 'bad\0name': 1 } };
    await expect(index.upsert(document)).rejects.toMatchObject({
      code: 'unreadable',
      message: expect.stringContaining(`${document.uri}: field name annotations["bad\\u0000name"]`),
    });
  });

  test('dotted and $-prefixed nested names: FerretDB refuses them (unreadable content, key named), MongoDB stores them', async () => {
    const dotted = { ...sample(), annotations: { 'version.major': 1 } };
    const dollar = { ...sample(), readme: { owners: [{ $ref: 'x' }] } };
    if (index.server.product === 'FerretDB') {
      await expect(index.upsert(dotted)).rejects.toMatchObject({
        code: 'unreadable',
        message: expect.stringContaining(`${dotted.uri}: field name annotations["version.major"] is not allowed`),
      });
      await expect(index.upsert(dollar)).rejects.toMatchObject({
        code: 'unreadable',
        message: expect.stringContaining(`${dollar.uri}: field name readme.owners[0]["$ref"] is not allowed`),
      });
    } else {
      await index.upsert(dotted);
      expect(await index.findByUri(dotted.uri)).toEqual(dotted);
    }
  });

  test('a README parsed to NaN is refused on FerretDB (which would drop the connection) and stored on MongoDB', async () => {
    const document = expectedDocument(buildDataset({ bucket: 'failures', readme: 'ratio: .nan\n' }), 's3://failures', {
      readmeLayout: 'parsed-yaml',
    });
    if (index.server.product === 'FerretDB') {
      await expect(index.upsert(document)).rejects.toMatchObject({
        code: 'permanent',
        message: expect.stringContaining(`${document.uri}: readme.ratio is not a finite number`),
      });
    } else {
      await index.upsert(document);
      expect(await index.findByUri(document.uri)).toEqual(document);
    }
    const next = sample();
    await index.upsert(next);
    expect(await stored(next.uri)).toBe(1);
  });
});

describe('an unavailable server', () => {
  test('at start-up is a retryable error within the server selection timeout, without the password', async () => {
    const uri = `mongodb://alice:s3cret-pw@127.0.0.1:${await unusedLoopbackPort()}/`;
    const started = Date.now();
    const error = await createMongoDatasetIndex({ uri, serverSelectionTimeoutMs: 500 }).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(DtoolNotifyError);
    expect(error).toMatchObject({ code: 'retryable', message: expect.stringMatching(/unavailable/) });
    expect((error as Error).message).not.toContain('s3cret-pw');
  });

  test('after start-up makes every operation retryable and readiness false', async () => {
    const target = new URL(database.uri);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
    const proxied = new URL(database.uri);
    proxied.host = `127.0.0.1:${proxy.port}`;
    proxied.searchParams.set('directConnection', 'true');
    const outage = await createMongoDatasetIndex({ uri: proxied.href, database: database.name, serverSelectionTimeoutMs: 500 });
    try {
      const document = sample();
      await outage.upsert(document);
      await proxy.cut();
      const retryable = { code: 'retryable', message: expect.stringContaining(document.uri) };
      await expect(outage.upsert(document)).rejects.toMatchObject(retryable);
      await expect(outage.findByUri(document.uri)).rejects.toMatchObject(retryable);
      await expect(outage.deleteByUri(document.uri)).rejects.toMatchObject(retryable);
      await expect(outage.listUris(document.base_uri)).rejects.toMatchObject({ code: 'retryable' });
      expect(await outage.checkReadiness()).toEqual({ ready: false, reason: expect.stringMatching(/unavailable/) });
    } finally {
      await outage.close();
    }
  });
});

import { MongoClient } from 'mongodb';
import { buildDataset, expectedDocument } from '@dtool-notify/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMongoDatasetIndex, redactMongoUri } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './mongo-test-database.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase('start_up');
});

afterAll(async () => {
  await database.drop();
});

describe('createMongoDatasetIndex', () => {
  test('creates a unique index on uri and an index on base_uri and uuid, and does so idempotently', async () => {
    const first = await createMongoDatasetIndex({ uri: database.uri, database: database.name, collection: 'indexed' });
    const second = await createMongoDatasetIndex({ uri: database.uri, database: database.name, collection: 'indexed' });
    await Promise.all([first.close(), second.close()]);

    const indexes = await database.db.collection('indexed').indexes();
    const byKeys = (keys: Record<string, number>) => indexes.filter((index) => JSON.stringify(index.key) === JSON.stringify(keys));
    expect(byKeys({ uri: 1 })).toEqual([expect.objectContaining({ unique: true })]);
    expect(byKeys({ base_uri: 1, uuid: 1 })).toHaveLength(1);
    await expect(database.db.collection('indexed').insertMany([{ uri: 'same' }, { uri: 'same' }])).rejects.toThrow(/E11000|duplicate/);
  });

  test('writes to the dserver defaults, dtool_info.datasets, unless told otherwise', async () => {
    const client = await new MongoClient(database.uri).connect();
    const index = await createMongoDatasetIndex({ client });
    const document = expectedDocument(buildDataset({ bucket: 'defaults' }), `s3://defaults-${database.name}`);
    try {
      await index.upsert(document);
      expect(await client.db('dtool_info').collection('datasets').countDocuments({ uri: document.uri })).toBe(1);
    } finally {
      await client.db('dtool_info').collection('datasets').deleteMany({ base_uri: document.base_uri });
      await index.close();
      await client.close();
    }
  });

  test('leaves a client passed in open on close, for its owner to close', async () => {
    const client = await new MongoClient(database.uri).connect();
    const index = await createMongoDatasetIndex({ client, database: database.name });
    await index.close();
    await expect(client.db(database.name).command({ ping: 1 })).resolves.toMatchObject({ ok: 1 });
    await client.close();
  });

  test('reports the server it found, ready while it answers pings', async () => {
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
    expect(['MongoDB', 'FerretDB']).toContain(index.server.product);
    expect(index.server.version).toMatch(/^v?\d+\.\d+/);
    expect(await index.checkReadiness()).toEqual({ ready: true });
    await index.close();
  });

  test('counts the reads and writes it sends', async () => {
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
    const document = expectedDocument(buildDataset({ bucket: 'stats' }), 's3://stats');
    await index.upsert(document);
    await index.findByUri(document.uri);
    await index.exists(document.uri);
    await index.findByBaseUriAndUuid(document.base_uri, document.uuid);
    await index.listUris(document.base_uri);
    await index.deleteByUri(document.uri);
    expect(index.stats()).toEqual({ writes: 2, reads: 4, duplicateKeyRetries: 0, tickets: 0 });
    await index.close();
  });

  test('logs where it writes, with the connection string redacted', async () => {
    const lines: unknown[] = [];
    const record = (fields: unknown, message: string) => lines.push({ fields, message });
    const logger = { debug: record, info: record, warn: record, error: record };
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name, logger });
    await index.close();
    expect(lines).toEqual([
      {
        message: 'dataset index ready',
        fields: expect.objectContaining({ database: database.name, collection: 'datasets', uri: redactMongoUri(database.uri) }),
      },
    ]);
  });
});

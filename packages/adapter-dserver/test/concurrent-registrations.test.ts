import { randomUUID } from 'node:crypto';
import { MongoClient } from 'mongodb';
import { buildDataset, expectedDocument } from '@dtool-notify/testkit';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createDserverDatasetIndex, type DserverDatasetIndex } from '../src/index.js';
import { DSERVER_SETUP_MS, startTestDserver, type TestDserver } from './test-dserver.js';

const baseUri = 's3://concurrent';
const database = `dserver_concurrent_${randomUUID().slice(0, 8)}`;

describe('concurrent registrations of one dataset through one index', () => {
  let dserver: TestDserver;
  let index: DserverDatasetIndex;
  let mongo: MongoClient;

  beforeAll(async () => {
    dserver = await startTestDserver({ database, baseUris: [baseUri], users: [{ username: 'notifier', search: [baseUri], register: [baseUri] }] });
    index = await createDserverDatasetIndex({
      settings: { url: dserver.url, credentials: { kind: 'token', token: dserver.tokens['notifier'] ?? '' }, requestTimeoutMs: 10_000, maxConcurrentRequests: 8 },
      baseUris: [baseUri],
    });
    mongo = await MongoClient.connect(inject('mongoUri'));
  }, DSERVER_SETUP_MS);
  afterAll(async () => {
    await mongo?.db(database).dropDatabase();
    await mongo?.close();
    await index?.close();
    await dserver?.stop();
  });

  test('leave one document in the Mongo plugins\' collection (dserver alone would store several)', async () => {
    const document = expectedDocument(buildDataset({ bucket: 'concurrent', items: 2 }), baseUri);
    await Promise.all(Array.from({ length: 20 }, (_, version) => index.upsert({ ...document, name: `version-${version}` })));
    expect(await mongo.db(database).collection('datasets').countDocuments({ uri: document.uri })).toBe(1);
    expect(await index.listUris(baseUri)).toEqual([document.uri]);
  });
});

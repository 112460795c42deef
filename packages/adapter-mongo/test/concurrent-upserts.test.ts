import { buildDataset, expectedDocument } from '@dtool-notify/testkit';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createMongoDatasetIndex, type MongoDatasetIndex } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './mongo-test-database.js';

let database: TestDatabase;
const indexes: MongoDatasetIndex[] = [];

beforeAll(async () => {
  database = await openTestDatabase('concurrency');
  // Four instances with their own connection pools, as several service replicas would be.
  for (let instance = 0; instance < 4; instance += 1) {
    indexes.push(await createMongoDatasetIndex({ uri: database.uri, database: database.name }));
  }
});

afterAll(async () => {
  await Promise.all(indexes.map((index) => index.close()));
  await database.drop();
});

test('100 concurrent upserts of one new dataset from four instances leave exactly one document', async () => {
  const base = expectedDocument(buildDataset({ bucket: 'race', items: 20 }), 's3://race');
  const versions = Array.from({ length: 100 }, (_, version) => ({ ...base, name: `version-${version}` }));
  await Promise.all(versions.map((version, position) => indexes[position % indexes.length]?.upsert(version)));

  const collection = database.db.collection('datasets');
  expect(await collection.countDocuments({ uri: base.uri })).toBe(1);
  expect(await collection.countDocuments({})).toBe(1);
  const stored = await indexes[0]?.findByUri(base.uri);
  expect(stored).toEqual(versions.find((version) => version.name === stored?.name));
  const writes = indexes.reduce((total, index) => total + index.stats().writes, 0);
  const retries = indexes.reduce((total, index) => total + index.stats().duplicateKeyRetries, 0);
  expect(writes).toBe(100 + retries);
});

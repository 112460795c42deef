import { describeDatasetIndexContract } from '@dtool-notify/testkit/contracts';
import { afterAll, beforeAll } from 'vitest';
import { createMongoDatasetIndex, type MongoDatasetIndex } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './mongo-test-database.js';

let database: TestDatabase;
let index: MongoDatasetIndex;

beforeAll(async () => {
  database = await openTestDatabase('contract');
  index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
});

afterAll(async () => {
  await index.close();
  await database.drop();
});

// One index for the whole suite: every contract test uses base URIs of its own.
describeDatasetIndexContract('MongoDB (FerretDB or mongod from the global setup)', async () => ({ index }));

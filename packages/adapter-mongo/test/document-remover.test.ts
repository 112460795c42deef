import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMongoDocumentRemover, type MongoDocumentRemover } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './mongo-test-database.js';

let database: TestDatabase;
let remover: MongoDocumentRemover;

beforeAll(async () => {
  database = await openTestDatabase('remover');
  remover = createMongoDocumentRemover({ uri: database.uri, database: database.name });
});
afterAll(async () => {
  await remover.close();
  await database.drop();
});

describe('createMongoDocumentRemover', () => {
  test('deletes the documents of one URI written by someone else (ObjectId keys), leaving the rest and the indexes alone', async () => {
    const collection = database.db.collection('datasets');
    await collection.insertMany([
      { _id: new ObjectId(), uri: 's3://b/1', name: 'one' },
      { _id: new ObjectId(), uri: 's3://b/10', name: 'other' },
    ]);
    expect(await remover.removeByUri('s3://b/1')).toBe(1);
    expect(await remover.removeByUri('s3://b/1')).toBe(0);
    expect(await collection.find({}, { projection: { _id: 0 } }).toArray()).toEqual([{ uri: 's3://b/10', name: 'other' }]);
    expect((await collection.indexes()).map((index) => index.name)).toEqual(['_id_']);
  });

  test('an unreachable server is a retryable failure', async () => {
    const unreachable = createMongoDocumentRemover({ uri: 'mongodb://127.0.0.1:9/', serverSelectionTimeoutMs: 300 });
    await expect(unreachable.removeByUri('s3://b/1')).rejects.toMatchObject({ code: 'retryable' });
    await unreachable.close();
  });
});

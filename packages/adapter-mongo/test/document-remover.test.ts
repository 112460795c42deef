import { ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMongoDatasetIndex, createMongoDocumentRemover, type MongoDocumentRemover } from '../src/index.js';
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

  test('keeps sync tickets where a MongoDB index on the same database sees them, so instances writing through dserver share one protocol', async () => {
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name, collection: 'remover_tickets_datasets' });
    try {
      const uri = 's3://b/0b3c6a38-8f0e-4b8e-9a3f-6d5c2f7e1a90';
      const first = await remover.syncTickets.takeSyncTicket(uri);
      expect(await index.latestSyncTicket(uri)).toBe(first);
      const second = await index.takeSyncTicket(uri);
      expect(second).not.toBe(first);
      expect(await remover.syncTickets.latestSyncTicket(uri)).toBe(second);
    } finally {
      await index.close();
    }
  });

  test('an unreachable server is a retryable failure', async () => {
    const unreachable = createMongoDocumentRemover({ uri: 'mongodb://127.0.0.1:9/', serverSelectionTimeoutMs: 300 });
    await expect(unreachable.removeByUri('s3://b/1')).rejects.toMatchObject({ code: 'retryable' });
    await unreachable.close();
  });
});

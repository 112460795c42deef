import { ObjectId } from 'mongodb';
import { buildDataset, expectedDocument } from '@dtool-notify/testkit';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { createMongoDatasetIndex } from '../src/index.js';
import { adoptDocument } from '../src/create-mongo-dataset-index.js';
import { openTestDatabase, type TestDatabase } from './mongo-test-database.js';

let database: TestDatabase;
beforeEach(async () => {
  database = await openTestDatabase('keys');
});
afterEach(async () => {
  await database.drop();
});

const sample = () => {
  const dataset = buildDataset({ bucket: 'keys', items: 2 });
  return expectedDocument(dataset, 's3://keys');
};

describe('document keys', () => {
  test('stores each document under its URI as _id, so look-ups by URI are indexed on every server', async () => {
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
    const document = sample();
    await index.upsert(document);
    const stored = await database.db.collection('datasets').findOne({ uri: document.uri });
    expect(stored?._id).toBe(document.uri);
    await index.close();
  });

  test('adopts documents written under an ObjectId (e.g. by dserver) at start-up', async () => {
    const document = sample();
    await database.db.collection('datasets').insertOne({ _id: new ObjectId(), ...document });
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
    expect(await index.exists(document.uri)).toBe(true);
    expect(await index.findByUri(document.uri)).toEqual(document);
    const all = await database.db.collection('datasets').find({}).toArray();
    expect(all.map((stored) => stored._id)).toEqual([document.uri]);
    await index.close();
  });

  test('replaces, without a duplicate, a document registered under an ObjectId after start-up', async () => {
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
    const document = sample();
    await database.db.collection('datasets').insertOne({ _id: new ObjectId(), ...document, name: 'registered elsewhere' });
    await index.upsert(document);
    const all = await database.db.collection('datasets').find({ uri: document.uri }).toArray();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ _id: document.uri, name: document.name });
    await index.close();
  });

  test('without adoption at start-up, the pass over a base URI adopts the documents of that base URI only', async () => {
    const document = sample();
    const elsewhere = expectedDocument(buildDataset({ bucket: 'other', items: 1 }), 's3://other');
    const datasets = database.db.collection('datasets');
    await datasets.insertMany([{ _id: new ObjectId(), ...document }, { _id: new ObjectId(), ...elsewhere }]);
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name, adoptAtStartUp: false });
    // Look-ups go by _id only: not adopted yet, so not found.
    expect(await index.findByUri(document.uri)).toBeUndefined();
    expect(await index.readFingerprints('s3://keys')).toEqual(new Map([[document.uri, undefined]]));
    expect(await index.findByUri(document.uri)).toEqual(document);
    const keys: unknown[] = (await datasets.find({}).toArray()).map((stored) => stored._id);
    expect(keys).toHaveLength(2);
    expect(keys).toContain(document.uri);
    expect(keys.find((key) => key !== document.uri)).toBeInstanceOf(ObjectId);
    await index.close();
  });

  test('an adoption that lost a race to a newer write leaves the newer document', async () => {
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name, adoptAtStartUp: false });
    const document = sample();
    const datasets = database.db.collection<{ _id: string | ObjectId } & Record<string, unknown>>('datasets');
    const registered = { _id: new ObjectId(), ...document, name: 'registered by dserver' };
    await datasets.insertOne(registered);
    // The pass read `registered`; before it re-keys it, a sync writes the dataset anew.
    await index.upsert(document);
    expect(await adoptDocument(datasets, registered)).toBe(false);
    const all = await datasets.find({}).toArray();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ _id: document.uri, name: document.name });
    await index.close();
  });

  test('deletes a document whatever its _id', async () => {
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
    const document = sample();
    await database.db.collection('datasets').insertOne({ _id: new ObjectId(), ...document });
    expect(await index.deleteByUri(document.uri)).toBe(true);
    expect(await database.db.collection('datasets').countDocuments({})).toBe(0);
    await index.close();
  });
});

describe('number types', () => {
  test('stores utc_timestamp as a double and sizes past 2^31 as 64-bit integers, as dserver does', async () => {
    const index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
    const document = sample();
    const [identifier, item] = Object.entries(document.manifest.items)[0] ?? [];
    if (identifier === undefined || item === undefined) throw new Error('the sample has items');
    const big = {
      ...document,
      size_in_bytes: 5 * 2 ** 40,
      manifest: { ...document.manifest, items: { [identifier]: { ...item, utc_timestamp: 1795909991, size_in_bytes: 5 * 2 ** 40 } } },
    };
    await index.upsert(big);
    const types = await database.db
      .collection('datasets')
      .aggregate([
        { $match: { _id: document.uri } },
        {
          $project: {
            timestamp: { $type: `$manifest.items.${identifier}.utc_timestamp` },
            itemSize: { $type: `$manifest.items.${identifier}.size_in_bytes` },
            size: { $type: '$size_in_bytes' },
            count: { $type: '$number_of_items' },
          },
        },
      ])
      .toArray();
    expect(types[0]).toMatchObject({ timestamp: 'double', itemSize: 'long', size: 'long', count: 'int' });
    // Read back as plain numbers.
    expect(await index.findByUri(document.uri)).toEqual(big);
    await index.close();
  });
});

import { buildDataset, expectedDocument } from '@dtool-notify/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMongoDatasetIndex, type MongoDatasetIndex } from '../src/index.js';
import { openTestDatabase, type TestDatabase } from './mongo-test-database.js';

let database: TestDatabase;
let index: MongoDatasetIndex;

beforeAll(async () => {
  database = await openTestDatabase('layout');
  index = await createMongoDatasetIndex({ uri: database.uri, database: database.name });
});

afterAll(async () => {
  await index.close();
  await database.drop();
});

const raw = () => database.db.collection('datasets');

describe('the stored document', () => {
  test('has exactly the DESIGN §4 fields, with created_at and frozen_at as BSON dates', async () => {
    const dataset = buildDataset({
      bucket: 'layout',
      items: 3,
      tags: ['b-tag', 'a-tag'],
      annotations: { project: 'alpha' },
      createdAt: 1645632787.071341,
      frozenAt: 1645632790.5,
    });
    const document = expectedDocument(dataset, 's3://layout');
    await index.upsert(document);

    const stored = await raw().findOne({ uri: `s3://layout/${dataset.uuid}` });
    expect(Object.keys(stored ?? {}).sort()).toEqual(
      [
        '_id',
        'annotations',
        'base_uri',
        'created_at',
        'creator_username',
        'dtoolcore_version',
        'frozen_at',
        'manifest',
        'name',
        'number_of_items',
        'readme',
        'size_in_bytes',
        'tags',
        'type',
        'uri',
        'uuid',
      ].sort(),
    );
    expect(stored?.['created_at']).toEqual(new Date(1645632787071));
    expect(stored?.['frozen_at']).toEqual(new Date(1645632790500));
    expect(await raw().countDocuments({ uri: document.uri, created_at: { $type: 'date' }, frozen_at: { $type: 'date' } })).toBe(1);
    expect(stored).toMatchObject({
      base_uri: 's3://layout',
      uuid: dataset.uuid,
      type: 'dataset',
      tags: ['a-tag', 'b-tag'],
      annotations: { project: 'alpha' },
      number_of_items: 3,
      readme: document.readme,
    });
    expect(typeof stored?.['readme']).toBe('string');
  });

  test('is found without the server-side _id', async () => {
    const document = expectedDocument(buildDataset({ bucket: 'layout' }), 's3://layout');
    await index.upsert(document);
    const byUri = await index.findByUri(document.uri);
    const byUuid = await index.findByBaseUriAndUuid(document.base_uri, document.uuid);
    expect(byUri).not.toHaveProperty('_id');
    expect(byUuid).not.toHaveProperty('_id');
    expect(byUri).toEqual(document);
  });

  test('exists once upserted and no longer once deleted', async () => {
    const document = expectedDocument(buildDataset({ bucket: 'layout' }), 's3://exists');
    expect(await index.exists(document.uri)).toBe(false);
    await index.upsert(document);
    expect(await index.exists(document.uri)).toBe(true);
    await index.deleteByUri(document.uri);
    expect(await index.exists(document.uri)).toBe(false);
  });

  test('keeps the legacy layout: the README as a parsed YAML object round-trips', async () => {
    const readme = '---\ndescription: legacy layout\nproject: beta\nowners:\n  - name: Jürgen\n    email: j@example.org\nfunding: null\n';
    const document = expectedDocument(buildDataset({ bucket: 'layout', readme }), 's3://legacy', { readmeLayout: 'parsed-yaml' });
    await index.upsert(document);
    const stored = await raw().findOne({ uri: document.uri }, { projection: { _id: 0, readme: 1 } });
    expect(stored?.['readme']).toEqual({
      description: 'legacy layout',
      project: 'beta',
      owners: [{ name: 'Jürgen', email: 'j@example.org' }],
      funding: null,
    });
    expect(await index.findByUri(document.uri)).toEqual(document);
  });

  test('keeps counts and sizes of large datasets as plain numbers', async () => {
    const dataset = buildDataset({ bucket: 'layout', items: 1000 });
    const document = { ...expectedDocument(dataset, 's3://large'), size_in_bytes: 5 * 2 ** 40 };
    await index.upsert(document);
    const found = await index.findByUri(document.uri);
    expect(found?.number_of_items).toBe(1000);
    expect(found?.size_in_bytes).toBe(5 * 2 ** 40);
    expect(Object.keys(found?.manifest.items ?? {})).toHaveLength(1000);
  });
});

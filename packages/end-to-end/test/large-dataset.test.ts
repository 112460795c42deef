import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient } from 'mongodb';
import { buildDataset, datasetLocation, expectedDocument, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from './product-stack.js';

describe('a 5,000-item dataset, MinIO → S3 reader → MongoDB index', () => {
  let stack: LocalStack;
  let mongo: MongoClient;

  beforeAll(async () => {
    stack = await startLocalStack({ bucket: 'large-dataset', webhook: false });
    mongo = await MongoClient.connect(stack.mongoUri);
  }, 180_000);
  afterAll(async () => {
    await mongo?.close();
    await stack?.stop();
  });

  test('is read with a constant number of requests and stored exactly as DESIGN §4 says', { timeout: 180_000 }, async () => {
    const dataset = buildDataset({ bucket: stack.bucket, prefix: 'u/big/', items: 5_000, tags: ['a', 'b'], annotations: { x: 1, y: 'two', z: [3] } });
    await writeDataset(createS3DatasetStorage(stack.s3Client, stack.bucket), dataset, { concurrency: 32 });
    stack.service.reader.resetStats();

    await expect(stack.service.synchronizer.syncDataset(datasetLocation(dataset, stack.baseUri))).resolves.toMatchObject({ outcome: 'indexed' });
    // HEAD dtool, the registration key (the identity rule), README, manifest, tags and
    // annotations listings, one GET per annotation.
    expect(stack.service.reader.stats().requests).toBe(2 + 4 + 3);

    const uri = `${stack.baseUri}/${dataset.uuid}`;
    const stored = await mongo.db('dtool_info').collection('datasets').findOne({ uri }, { projection: { _id: 0 } });
    expect(stored).toEqual(expectedDocument(dataset, stack.baseUri));
    expect(stored?.number_of_items).toBe(5_000);
    expect(stored?.size_in_bytes).toBe(Object.values(dataset.content.manifest.items).reduce((sum, item) => sum + item.size_in_bytes, 0));
    const [types] = await mongo
      .db('dtool_info')
      .collection('datasets')
      .aggregate([{ $match: { uri } }, { $project: { created: { $type: '$created_at' }, frozen: { $type: '$frozen_at' }, items: { $type: '$number_of_items' } } }])
      .toArray();
    expect(types).toMatchObject({ created: 'date', frozen: 'date', items: 'int' });
  });
});

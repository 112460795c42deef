import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient } from 'mongodb';
import { buildDataset, datasetKeys, expectedDocument, readmeObject, tagObject, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from './product-stack.js';
import { waitFor } from './wait-for.js';

const token = 'e2e-token-0123456789abcdef';

describe('MinIO webhook → dtool-notify → MongoDB protocol server, nothing faked', () => {
  let stack: LocalStack;
  let mongo: MongoClient;

  beforeAll(async () => {
    stack = await startLocalStack({ authToken: token, bucket: 'e2e-webhook' });
    mongo = await MongoClient.connect(stack.mongoUri);
  });
  afterAll(async () => {
    await mongo?.close();
    await stack?.stop();
  });

  const stored = (uri: string) => mongo.db('dtool_info').collection('datasets').findOne({ uri }, { projection: { _id: 0 } });

  test('an uploaded dataset appears with every field of the index document', async () => {
    const dataset = buildDataset({
      bucket: stack.bucket,
      prefix: 'u/alice/',
      items: 40,
      readme: '---\ndescription: end to end\nproject: e2e\n',
      annotations: { project: 'e2e', size: 3 },
      tags: ['raw'],
    });
    const uri = `${stack.baseUri}/${dataset.uuid}`;
    stack.service.reader.resetStats();
    await writeDataset(createS3DatasetStorage(stack.s3Client, stack.bucket), dataset);

    const document = await waitFor('the document', async () => (await stored(uri)) ?? undefined);
    expect(document).toEqual(expectedDocument(dataset, stack.baseUri));
    expect(document.created_at).toBeInstanceOf(Date);
    expect(document.frozen_at).toBeInstanceOf(Date);
    expect(document.number_of_items).toBe(40);
    // 40 items, 47 objects, yet one or two full reads (README, manifest, two listings, one GET
    // per annotation): two when the protodataset's dtool event, or a README/tag/annotation event,
    // is handled while or after the frozen dataset is read (no skip trusts a notified ETag or
    // sequencer; see docs/performance.md).
    await stack.service.synchronizer.whenIdle();
    const stats = stack.service.reader.stats();
    expect([2, 4]).toContain(stats.requestsByOperation.ListObjectsV2);
  });

  test('the document follows README edits and new tags, and goes when the dataset is deleted', async () => {
    const dataset = buildDataset({ bucket: stack.bucket, items: 3, readme: 'first: version\n' });
    const uri = `${stack.baseUri}/${dataset.uuid}`;
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    await writeDataset(storage, dataset);
    await waitFor('the document', async () => (await stored(uri)) ?? undefined);

    await storage.put(readmeObject(dataset, 'second: version\n'));
    await waitFor('the new README', async () => ((await stored(uri))?.readme === 'second: version\n' ? true : undefined));
    await storage.put(tagObject(dataset, 'reviewed'));
    await waitFor('the new tag', async () => (((await stored(uri))?.tags as string[] | undefined)?.includes('reviewed') ? true : undefined));

    for (const key of datasetKeys(dataset)) await storage.delete(key);
    await waitFor('the document to go', async () => ((await stored(uri)) === null ? true : undefined));
  });
});

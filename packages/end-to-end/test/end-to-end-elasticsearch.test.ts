import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDataset, datasetKeys, expectedDocument, tagObject, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from './product-stack.js';
import { waitFor } from './wait-for.js';

describe.each(['access', 'namespace'] as const)("MinIO's Elasticsearch target (format=%s) → /elastic-search → MongoDB", (format) => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({
            bucket: `e2e-es-${format}`,
      webhook: false,
      elasticsearch: format,
    });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('an uploaded dataset is indexed, follows a new tag and goes when its objects are deleted', async () => {
    const dataset = buildDataset({ bucket: stack.bucket, prefix: 'u/es/', items: 5, tags: ['a'], annotations: { via: format } });
    const uri = `${stack.baseUri}/${dataset.uuid}`;
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    await writeDataset(storage, dataset);
    const document = await waitFor('the document', () => stack.service.index.findByUri(uri));
    expect(document).toEqual(expectedDocument(dataset, stack.baseUri));

    await storage.put(tagObject(dataset, 'b'));
    await waitFor('the new tag', async () => ((await stack.service.index.findByUri(uri))?.tags.includes('b') ? true : undefined));

    for (const key of datasetKeys(dataset)) await storage.delete(key);
    await waitFor('the document to go', async () => ((await stack.service.index.findByUri(uri)) === undefined ? true : undefined));
  });
});

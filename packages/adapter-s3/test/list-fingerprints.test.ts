import { buildDataset, writeDataset, type BuiltDataset, type DatasetStorage } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { createS3ManifestReader } from '../src/index.js';
import { createTestBucket, minioConnection } from './minio.js';

const PREFIX = 'u/many/';
const SMALL = 50;

/**
 * What a verification costs in S3 requests: the fingerprints of many small datasets come from
 * a few listing pages of their shared prefix, and a big dataset's data/ items are jumped over
 * rather than listed page by page.
 */
describe('listFingerprints on MinIO', () => {
  let bucket: string;
  let storage: DatasetStorage;
  let small: BuiltDataset[];

  const listAll = async (prefix: string, listPageSize = 1000) => {
    const reader = createS3ManifestReader({ buckets: new Map([[bucket, minioConnection()]]), listPageSize });
    const uuids: string[] = [];
    for await (const entry of reader.listFingerprints(bucket, prefix)) uuids.push(entry.uuid);
    const requests = reader.stats().requests;
    reader.close();
    return { uuids, requests };
  };

  beforeAll(async () => {
    const created = await createTestBucket('fingerprints');
    bucket = created.bucket;
    storage = createS3DatasetStorage(created.client, bucket);
    small = Array.from({ length: SMALL }, (_, position) =>
      buildDataset({ bucket, prefix: PREFIX, items: 3, ...(position % 5 === 0 ? { tags: ['t'], annotations: { a: position } } : {}) }),
    );
    for (const dataset of small) await writeDataset(storage, dataset, { concurrency: 16 });
  }, 120_000);

  test(`reads the fingerprints of ${SMALL} small datasets with one listing request`, async () => {
    const { uuids, requests } = await listAll(PREFIX);
    expect(uuids).toEqual(small.map((dataset) => dataset.uuid).sort());
    expect(requests).toBe(1);
  });

  test('a listing left after its first page costs that page only; one walked further reads its next page ahead', async () => {
    const reader = createS3ManifestReader({ buckets: new Map([[bucket, minioConnection()]]), listPageSize: 20 });
    // A cursor opened for one dataset and closed again (createListedFingerprints keeps 16 open).
    for await (const entry of reader.listFingerprints(bucket, PREFIX)) if (entry !== undefined) break;
    // Requests are counted as their answers come in: give one sent ahead the time to be counted.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reader.stats().requests).toBe(1);
    reader.resetStats();
    const uuids: string[] = [];
    for await (const entry of reader.listFingerprints(bucket, PREFIX)) uuids.push(entry.uuid);
    expect(uuids).toEqual(small.map((dataset) => dataset.uuid).sort());
    const walked = reader.stats().requests;
    reader.resetStats();
    // Left as soon as its second page is in: the third was already asked for.
    for await (const entry of reader.listFingerprints(bucket, PREFIX)) if (entry !== undefined && reader.stats().requests >= 2) break;
    expect(walked).toBeGreaterThan(3);
    await vi.waitFor(() => expect(reader.stats().requests).toBe(3));
    reader.close();
  });

  test('jumps over the data/ items of a big dataset and over a nested prefix instead of listing them page by page', async () => {
    const prefix = 'u/mixed/';
    const mixed = Array.from({ length: 20 }, () => buildDataset({ bucket, prefix, items: 3 }));
    const big = buildDataset({ bucket, prefix, items: 300 });
    const nested = buildDataset({ bucket, prefix: `${prefix}deeper/`, items: 300 });
    for (const dataset of [...mixed, big, nested]) await writeDataset(storage, dataset, { concurrency: 32 });
    const keysUnder = (datasets: BuiltDataset[], skipped: RegExp) =>
      datasets.flatMap((dataset) => dataset.objects.map((object) => object.key)).filter((key) => key.startsWith(prefix) && !skipped.test(key)).length;
    const everyKey = keysUnder([...mixed, big, nested], /^$/);
    const fingerprintKeys = keysUnder([...mixed, big], /\/data\//);
    const pageSize = 100;
    const { uuids, requests } = await listAll(prefix, pageSize);
    expect(uuids).toEqual([...mixed, big].map((dataset) => dataset.uuid).sort());
    // At most one page ends inside each of the two big ranges (big's data/, the nested prefix):
    // the next listing starts after it. Listing page by page would take every key's page.
    expect(requests).toBeLessThanOrEqual(Math.ceil(fingerprintKeys / pageSize) + 2);
    expect(requests).toBeLessThan(Math.ceil(everyKey / pageSize));
  }, 120_000);
});

import { DtoolNotifyError, isRetryable } from '@dtool-notify/domain';
import { describe, expect, test } from 'vitest';
import { buildDataset } from '../builders/build-dataset.js';
import { writeDataset } from '../builders/dataset-storage.js';
import { datasetKey } from '../builders/dtool-layout.js';
import { datasetLocation } from '../builders/follow-up-objects.js';
import { createInMemoryManifestReader, type StoreRequest } from './manifest-reader.js';
import { createInMemoryObjectStore } from './object-store.js';
import { storageFor } from './storage-for.js';

const baseUri = 's3://bucket';

async function storedDataset(items: number) {
  const store = createInMemoryObjectStore();
  const dataset = buildDataset({ bucket: 'bucket', prefix: 'u/alice/', items, tags: ['t'], annotations: { a: 1 } });
  await writeDataset(storageFor(store, 'bucket'), dataset);
  return { store, dataset, location: datasetLocation(dataset, baseUri) };
}

describe('createInMemoryManifestReader', () => {
  test('reads a 10,000-item dataset with as few requests as a 1-item one, never listing data/', async () => {
    const requestsFor = async (items: number): Promise<StoreRequest[]> => {
      const { store, dataset, location } = await storedDataset(items);
      const requests: StoreRequest[] = [];
      const reader = createInMemoryManifestReader(store, { beforeRequest: (request) => void requests.push(request) });
      const read = await reader.readDataset(location, dataset.content.adminMetadata);
      expect(read.status === 'dataset' && Object.keys(read.content.manifest.items)).toHaveLength(items);
      return requests;
    };
    const [small, large] = [await requestsFor(1), await requestsFor(10_000)];
    expect(large).toHaveLength(small.length);
    expect(large.some((request) => request.key.includes('/data/'))).toBe(false);
  });

  test('counts admin metadata reads, dataset reads and store requests', async () => {
    const { store, dataset, location } = await storedDataset(2);
    const reader = createInMemoryManifestReader(store);
    await reader.readAdminMetadata(location);
    await reader.readDataset(location, dataset.content.adminMetadata);
    // head dtool; get README.yml, get manifest.json, list tags/, list annotations/, get a.json
    expect(reader.counts).toEqual({ adminMetadataReads: 1, datasetReads: 1, requests: 6 });
    reader.resetCounts();
    expect(reader.counts).toEqual({ adminMetadataReads: 0, datasetReads: 0, requests: 0 });
  });

  test('fails the next requests with a retryable error after failNext, then recovers', async () => {
    const { store, location } = await storedDataset(1);
    const reader = createInMemoryManifestReader(store);
    reader.failNext(2);
    const first = reader.readAdminMetadata(location);
    await expect(first).rejects.toBeInstanceOf(DtoolNotifyError);
    await expect(first.catch((error: unknown) => isRetryable(error))).resolves.toBe(true);
    await expect(reader.readAdminMetadata(location)).rejects.toThrow(/simulated transient failure of head bucket\/u\/alice\//);
    expect((await reader.readAdminMetadata(location)).status).toBe('found');
    expect(reader.counts.requests).toBe(3);
  });

  test('fails with the error given to failNext', async () => {
    const { store, location } = await storedDataset(1);
    const reader = createInMemoryManifestReader(store);
    const denied = new DtoolNotifyError('access-denied', 'denied');
    reader.failNext(1, denied);
    await expect(reader.readAdminMetadata(location)).rejects.toBe(denied);
  });

  test('reads the body when the user metadata is not usable admin metadata', async () => {
    const { store, dataset, location } = await storedDataset(1);
    const body = new TextDecoder().decode((await store.get('bucket', datasetKey(dataset, 'dtool')))?.body);
    await store.put('bucket', datasetKey(dataset, 'dtool'), body, { unrelated: 'x' });
    expect(await createInMemoryManifestReader(store).readAdminMetadata(location)).toEqual({
      status: 'found',
      adminMetadata: dataset.content.adminMetadata,
      eTag: expect.any(String),
    });
  });

  test('explains why neither user metadata nor body are admin metadata', async () => {
    const { store, dataset, location } = await storedDataset(1);
    await store.put('bucket', datasetKey(dataset, 'dtool'), '{"uuid": 1}', { type: 'strange' });
    const admin = createInMemoryManifestReader(store).readAdminMetadata(location);
    await expect(admin).rejects.toMatchObject({ code: 'unreadable', message: expect.stringMatching(/\(user metadata\);.*\(body\)$/) });
  });

  test('lists registration keys across pages of 1000', async () => {
    const store = createInMemoryObjectStore();
    const datasets = Array.from({ length: 1005 }, (_, index) => buildDataset({ bucket: 'bucket', prefix: `p${index}/` }));
    for (const dataset of datasets) await store.put('bucket', `dtool-${dataset.uuid}`, dataset.prefix);
    await store.put('bucket', 'dtool-not-a-uuid', 'x/');
    const reader = createInMemoryManifestReader(store);
    const listed = [];
    for await (const dataset of reader.listDatasets('bucket')) listed.push(dataset);
    expect(listed).toHaveLength(1005);
    expect(new Map(listed.map((dataset) => [dataset.uuid, dataset.prefix]))).toEqual(
      new Map(datasets.map((dataset) => [dataset.uuid, dataset.prefix])),
    );
  });
});

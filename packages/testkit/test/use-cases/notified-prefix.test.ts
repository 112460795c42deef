import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetKeys,
  datasetLocation,
  storageFor,
  withUpperCaseAdminUuid,
  writeDataset,
  type BuiltDataset,
} from '@dtool-notify/testkit';
import { createSynchronizer } from '@dtool-notify/domain';

const bucket = 'b';
const baseUri = 's3://b';

async function indexedDataset(options: { readonly datasetPrefixes?: Record<string, string> } = {}) {
  const store = createInMemoryObjectStore();
  const index = createInMemoryDatasetIndex();
  const synchronizer = createSynchronizer({ index, reader: createInMemoryManifestReader(store, options) });
  const dataset = buildDataset({ bucket, prefix: 'u/alice/', items: 2, name: 'alices', readme: 'owner: alice\n' });
  await writeDataset(storageFor(store, bucket), dataset);
  await synchronizer.syncDataset(datasetLocation(dataset, baseUri));
  return { store, index, synchronizer, dataset, uri: `${baseUri}/${dataset.uuid}` };
}

/** A complete copy of `dataset` under `prefix`, as `dtool copy` would write it, without touching the registration key. */
function copyUnder(dataset: BuiltDataset, prefix: string, changes: { readonly name: string; readonly readme: string }): BuiltDataset {
  const copy = buildDataset({ bucket, uuid: dataset.uuid, prefix, items: 1, ...changes });
  return { ...copy, objects: copy.objects.filter((object) => object.key !== `dtool-${dataset.uuid}`) };
}

describe('the identity rule: a dataset with a registration key is the one under the prefix the key names', () => {
  test('a complete copy under another prefix neither replaces the entry nor is indexed (issue 10 item 3)', async () => {
    const world = await indexedDataset();
    const before = world.index.documents();
    const copy = copyUnder(world.dataset, 'u/bob/', { name: 'bobs', readme: 'owner: bob\n' });
    await writeDataset(storageFor(world.store, bucket), copy);
    const outcome = await world.synchronizer.syncDataset(datasetLocation(copy, baseUri));
    expect(outcome).toEqual({ outcome: 'unchanged', uri: world.uri, reason: expect.stringContaining(`registration key dtool-${world.dataset.uuid}`) });
    expect(world.index.documents()).toEqual(before);
    expect(world.index.documents()[0]?.name).toBe('alices');
  });

  test('the copy being deleted, or any removal under another prefix, leaves the entry as it was', async () => {
    const world = await indexedDataset();
    const before = world.index.documents();
    const copy = copyUnder(world.dataset, 'u/bob/', { name: 'bobs', readme: 'owner: bob\n' });
    await writeDataset(storageFor(world.store, bucket), copy);
    for (const key of datasetKeys(copy)) await world.store.delete(bucket, key);
    const outcome = await world.synchronizer.syncDataset(datasetLocation(copy, baseUri));
    expect(outcome).toMatchObject({ outcome: 'unchanged', reason: expect.stringContaining('a copy') });
    expect(await world.synchronizer.syncDataset({ bucket, baseUri, uuid: world.dataset.uuid, prefix: 'u/mallory/' })).toMatchObject({ outcome: 'unchanged' });
    expect(world.index.documents()).toEqual(before);
  });

  test('still deletes a dataset whose objects are gone, with or without its registration key', async () => {
    const world = await indexedDataset();
    await world.store.delete(bucket, `${world.dataset.prefix}${world.dataset.uuid}/dtool`);
    expect(await world.synchronizer.syncDataset(datasetLocation(world.dataset, baseUri))).toEqual({ outcome: 'deleted', uri: world.uri, existed: true });

    const again = await indexedDataset();
    for (const key of datasetKeys(again.dataset)) await again.store.delete(bucket, key);
    const outcome = await again.synchronizer.syncDataset(datasetLocation(again.dataset, baseUri));
    expect(outcome).toEqual({ outcome: 'deleted', uri: again.uri, existed: true });
    expect(again.index.documents()).toEqual([]);
  });
});

describe('the identity rule without a registration key', () => {
  async function unregistered(options: { readonly datasetPrefixes?: Record<string, string> }) {
    const world = await indexedDataset(options);
    await world.store.delete(bucket, `dtool-${world.dataset.uuid}`);
    const copy = copyUnder(world.dataset, 'u/bob/', { name: 'bobs', readme: 'owner: bob\n' });
    await writeDataset(storageFor(world.store, bucket), copy);
    return { ...world, copy, outcome: await world.synchronizer.syncDataset(datasetLocation(copy, baseUri)) };
  }

  test('the configured DTOOL_S3_DATASET_PREFIX names where the dataset is: a copy elsewhere is ignored', async () => {
    const world = await unregistered({ datasetPrefixes: { [bucket]: 'u/alice/' } });
    expect(world.outcome).toMatchObject({ outcome: 'unchanged', reason: expect.stringContaining('DTOOL_S3_DATASET_PREFIX') });
    expect(world.index.documents()[0]?.name).toBe('alices');
  });

  test('with no configured prefix either, the notified prefix is where the dataset is', async () => {
    const world = await unregistered({});
    expect(world.outcome).toEqual({ outcome: 'indexed', uri: world.uri });
    expect(world.index.documents()[0]?.name).toBe('bobs');
  });
});

describe('the identity rule: the uuid of the key is the uuid of the dataset', () => {
  test('admin metadata naming the uuid in upper case is not a dataset, and nothing is indexed (issue 10 item 6)', async () => {
    const store = createInMemoryObjectStore();
    const index = createInMemoryDatasetIndex();
    const synchronizer = createSynchronizer({ index, reader: createInMemoryManifestReader(store) });
    const dataset = withUpperCaseAdminUuid(buildDataset({ bucket, prefix: 'u/carol/', items: 1 }));
    await writeDataset(storageFor(store, bucket), dataset);
    const outcome = await synchronizer.syncDataset(datasetLocation(dataset, baseUri));
    expect(outcome).toEqual({ outcome: 'not-a-dataset', uri: `${baseUri}/${dataset.uuid}`, reason: expect.stringContaining('must be equal') });
    expect(index.documents()).toEqual([]);
  });

  test('a key naming the uuid in upper case is not a dataset, and costs no read', async () => {
    const store = createInMemoryObjectStore();
    const reader = createInMemoryManifestReader(store);
    const synchronizer = createSynchronizer({ index: createInMemoryDatasetIndex(), reader });
    const dataset = buildDataset({ bucket, prefix: 'u/dave/', items: 1 });
    const outcome = await synchronizer.syncDataset({ bucket, baseUri, uuid: dataset.uuid.toUpperCase(), prefix: dataset.prefix });
    expect(outcome).toMatchObject({ outcome: 'not-a-dataset', reason: expect.stringContaining('lower-case') });
    expect(reader.counts.requests).toBe(0);
  });
});

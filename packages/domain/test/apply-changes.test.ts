import { describe, expect, test } from 'vitest';
import {
  annotationObject,
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetLocation,
  readmeObject,
  storageFor,
  tagObject,
  writeDataset,
  type BuiltDataset,
  type DatasetObject,
} from '@dtool-notify/testkit';
import { classifyObjectKey, createSynchronizer, type DatasetPart, type PartChange } from '@dtool-notify/domain';

const bucket = 'b';
const baseUri = 's3://b';

async function indexedWorld() {
  const store = createInMemoryObjectStore();
  const reader = createInMemoryManifestReader(store);
  const index = createInMemoryDatasetIndex();
  const synchronizer = createSynchronizer({ index, reader });
  const dataset = buildDataset({ bucket, prefix: 'u/a/', items: 3, readme: 'v: 1\n', tags: ['raw'], annotations: { project: 'x' } });
  await writeDataset(storageFor(store, bucket), dataset);
  await synchronizer.syncDataset(datasetLocation(dataset, baseUri));
  reader.resetCounts();
  index.resetCounts();
  const write = async (object: DatasetObject): Promise<PartChange> => {
    await store.put(bucket, object.key, object.body, object.metadata ?? {});
    return changeOf(object.key, 'created', (await store.head(bucket, object.key))?.eTag);
  };
  return { store, reader, index, synchronizer, dataset, write, location: datasetLocation(dataset, baseUri) };
}

function changeOf(key: string, kind: PartChange['kind'], eTag?: string): PartChange {
  const classified = classifyObjectKey(key);
  if (classified.kind !== 'dataset-object') throw new Error(`not a dataset key: ${key}`);
  const part: DatasetPart = classified.part;
  return eTag === undefined ? { kind, part } : { kind, part, eTag };
}

const keyOf = (dataset: BuiltDataset, path: string): string => `${dataset.prefix}${dataset.uuid}/${path}`;

describe('Synchronizer.applyChanges', () => {
  test('answers a late notification of what the last sync read without touching storage', async () => {
    const world = await indexedWorld();
    const readme = world.dataset.objects.find((object) => object.key.endsWith('/README.yml'));
    const eTag = (await world.store.head(bucket, readme?.key ?? ''))?.eTag;
    const late = [
      changeOf(keyOf(world.dataset, 'README.yml'), 'created', eTag),
      changeOf(keyOf(world.dataset, 'tags/raw'), 'created'),
      changeOf(keyOf(world.dataset, 'annotations/project.json'), 'created', (await world.store.head(bucket, keyOf(world.dataset, 'annotations/project.json')))?.eTag),
    ];
    expect(await world.synchronizer.applyChanges(world.location, late)).toMatchObject({ outcome: 'unchanged' });
    expect(world.reader.counts.requests).toBe(0);
    expect(world.index.counts.upserts).toBe(0);
  });

  test.each([
    ['a new README', (dataset: BuiltDataset) => readmeObject(dataset, 'v: 2\n'), { readme: 'v: 2\n' }],
    ['a new tag', (dataset: BuiltDataset) => tagObject(dataset, 'checked'), { tags: ['checked', 'raw'] }],
    ['a changed annotation', (dataset: BuiltDataset) => annotationObject(dataset, 'project', 'y'), { annotations: { project: 'y' } }],
  ])('re-reads the dataset for %s', async (_name, objectOf, expected) => {
    const world = await indexedWorld();
    const change = await world.write(objectOf(world.dataset));
    expect(await world.synchronizer.applyChanges(world.location, [change])).toMatchObject({ outcome: 'indexed' });
    expect(world.index.documents()[0]).toMatchObject(expected);
    expect(world.reader.counts.datasetReads).toBe(1);
  });

  test('re-reads the dataset when a tag it shows is removed', async () => {
    const world = await indexedWorld();
    await world.store.delete(bucket, keyOf(world.dataset, 'tags/raw'));
    const outcome = await world.synchronizer.applyChanges(world.location, [changeOf(keyOf(world.dataset, 'tags/raw'), 'removed')]);
    expect(outcome).toMatchObject({ outcome: 'indexed' });
    expect(world.index.documents()[0]?.tags).toEqual([]);
  });

  test('costs no read of storage for changes to a dataset that is not indexed yet', async () => {
    const store = createInMemoryObjectStore();
    const reader = createInMemoryManifestReader(store);
    const index = createInMemoryDatasetIndex();
    const synchronizer = createSynchronizer({ index, reader });
    const dataset = buildDataset({ bucket, frozen: false, readme: 'draft: true\n' });
    await writeDataset(storageFor(store, bucket), dataset);
    const outcome = await synchronizer.applyChanges(datasetLocation(dataset, baseUri), [changeOf(keyOf(dataset, 'README.yml'), 'created', 'e')]);
    expect(outcome).toMatchObject({ outcome: 'unchanged', reason: expect.stringContaining('not indexed yet') });
    expect(reader.counts.requests).toBe(0);
  });

  test('always looks at storage when the dtool object itself changes', async () => {
    const world = await indexedWorld();
    const outcome = await world.synchronizer.applyChanges(world.location, [changeOf(keyOf(world.dataset, 'dtool'), 'created', 'any')]);
    expect(outcome).toMatchObject({ outcome: 'indexed' });
    expect(world.reader.counts.adminMetadataReads).toBe(1);
  });

  test('waits for a sync under way and re-reads only if that sync did not see the change', async () => {
    const world = await indexedWorld();
    // A sync starts, then README changes before the notification arrives: the running sync
    // may have read the old README, so the change must lead to one more read.
    const running = world.synchronizer.syncDataset(world.location);
    const change = await world.write(readmeObject(world.dataset, 'v: 3\n'));
    const applied = world.synchronizer.applyChanges(world.location, [change]);
    await running;
    await applied;
    expect(world.index.documents()[0]?.readme).toBe('v: 3\n');
    // And once more, late: now the fingerprint shows it.
    expect(await world.synchronizer.applyChanges(world.location, [change])).toMatchObject({ outcome: 'unchanged' });
  });
});

describe('Synchronizer.applyChanges with sequencers', () => {
  test('skips a dtool event older than one whose sync has committed, as a late protodataset event', async () => {
    const world = await indexedWorld();
    const dtoolKey = keyOf(world.dataset, 'dtool');
    const final = { ...changeOf(dtoolKey, 'created', 'final'), sequencer: '16D679BCDB490BB1' };
    const protodataset = { ...changeOf(dtoolKey, 'created', 'proto'), sequencer: '16D679BCD6F68CC9' };
    expect(await world.synchronizer.applyChanges(world.location, [final])).toMatchObject({ outcome: 'indexed' });
    world.reader.resetCounts();
    expect(await world.synchronizer.applyChanges(world.location, [protodataset])).toMatchObject({ outcome: 'unchanged' });
    expect(world.reader.counts.requests).toBe(0);
    // A removal is always checked, whatever its sequencer says.
    const staleRemoval = { ...changeOf(dtoolKey, 'removed'), sequencer: '0000000000000001' };
    expect(await world.synchronizer.applyChanges(world.location, [staleRemoval])).toMatchObject({ outcome: 'indexed' });
    // A newer write of dtool is read again.
    const newer = { ...changeOf(dtoolKey, 'created', 'renamed'), sequencer: '16D679BCDB490BB2' };
    expect(await world.synchronizer.applyChanges(world.location, [newer])).toMatchObject({ outcome: 'indexed' });
  });

  test('never compares sequencers of the same dataset under different keys', async () => {
    const world = await indexedWorld();
    const elsewhere = { ...changeOf(`u/mallory/${world.dataset.uuid}/dtool`, 'created', 'x'), sequencer: 'FFFFFFFFFFFFFFFF' };
    await world.synchronizer.applyChanges({ ...world.location, prefix: 'u/mallory/' }, [elsewhere]);
    const real = { ...changeOf(keyOf(world.dataset, 'dtool'), 'created', 'y'), sequencer: '0000000000000001' };
    world.reader.resetCounts();
    await world.synchronizer.applyChanges(world.location, [real]);
    expect(world.reader.counts.adminMetadataReads).toBeGreaterThan(0);
  });
});

describe('Synchronizer.applyChanges and the dtool ETag', () => {
  test('skips the final dtool event when a sync started by the late protodataset event already read it', async () => {
    const world = await indexedWorld();
    const dtoolKey = keyOf(world.dataset, 'dtool');
    const finalETag = (await world.store.head(bucket, dtoolKey))?.eTag;
    // The protodataset's event, handled late, found the dataset frozen and indexed it.
    world.reader.resetCounts();
    const final = { ...changeOf(dtoolKey, 'created', finalETag), sequencer: 'B' };
    expect(await world.synchronizer.applyChanges(world.location, [final])).toMatchObject({ outcome: 'unchanged' });
    expect(world.reader.counts.requests).toBe(0);
  });
});

describe('Synchronizer.applyChanges when the index changed behind its back', () => {
  test('re-reads a dataset whose document was removed by someone else, whatever the fingerprint says', async () => {
    const world = await indexedWorld();
    const dtoolKey = keyOf(world.dataset, 'dtool');
    const eTag = (await world.store.head(bucket, dtoolKey))?.eTag;
    const readmeETag = (await world.store.head(bucket, keyOf(world.dataset, 'README.yml')))?.eTag;
    await world.index.deleteByUri(`s3://b/${world.dataset.uuid}`);
    expect(await world.synchronizer.applyChanges(world.location, [changeOf(dtoolKey, 'created', eTag)])).toMatchObject({ outcome: 'indexed' });
    await world.index.deleteByUri(`s3://b/${world.dataset.uuid}`);
    // A README event is not enough to index a dataset the index does not hold (its dtool write is),
    // but it must not claim the change is shown either.
    const outcome = await world.synchronizer.applyChanges(world.location, [changeOf(keyOf(world.dataset, 'README.yml'), 'created', readmeETag)]);
    expect(outcome.outcome).toBe('indexed');
  });
});

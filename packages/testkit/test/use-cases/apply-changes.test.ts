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
  test('reads storage again for a late notification of what the last sync read: an ETag is a claim, not evidence', async () => {
    const world = await indexedWorld();
    const readmeETag = (await world.store.head(bucket, keyOf(world.dataset, 'README.yml')))?.eTag;
    const late = [changeOf(keyOf(world.dataset, 'README.yml'), 'created', readmeETag), changeOf(keyOf(world.dataset, 'tags/raw'), 'created')];
    expect(await world.synchronizer.applyChanges(world.location, late)).toMatchObject({ outcome: 'indexed' });
    expect(world.reader.counts.datasetReads).toBe(1);
  });

  test('does not take a notified ETag equal to the one last read for the object storage holds now', async () => {
    const world = await indexedWorld();
    const oldETag = (await world.store.head(bucket, keyOf(world.dataset, 'README.yml')))?.eTag;
    await world.write(readmeObject(world.dataset, 'v: 2\n'));
    // A sender replays the old write's record (or forges one) after the README changed.
    await world.synchronizer.applyChanges(world.location, [changeOf(keyOf(world.dataset, 'README.yml'), 'created', oldETag)]);
    expect(world.index.documents()[0]?.readme).toBe('v: 2\n');
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

  test('a change written while a sync is under way, notified before it commits, is in the index once both settle', async () => {
    const world = await indexedWorld();
    const running = world.synchronizer.syncDataset(world.location);
    const change = await world.write(readmeObject(world.dataset, 'v: 3\n'));
    const applied = world.synchronizer.applyChanges(world.location, [change]);
    await Promise.all([running, applied]);
    expect(world.index.documents()[0]?.readme).toBe('v: 3\n');
  });
});

describe('Synchronizer.applyChanges and sequencers (issue 10 item 4)', () => {
  test('a crafted sequencer of "F" × 32 does not make a later real write of dtool look older', async () => {
    const world = await indexedWorld();
    const dtoolKey = keyOf(world.dataset, 'dtool');
    const crafted = { ...changeOf(dtoolKey, 'created', 'forged'), sequencer: 'F'.repeat(32) };
    await world.synchronizer.applyChanges(world.location, [crafted]);
    const renamed = buildDataset({ bucket, uuid: world.dataset.uuid, prefix: world.dataset.prefix, name: 'renamed', items: 3, readme: 'v: 1\n', tags: ['raw'], annotations: { project: 'x' } });
    const dtool = renamed.objects.filter((object) => object.key === dtoolKey).at(-1);
    if (dtool === undefined) throw new Error('no dtool object');
    const real = { ...(await world.write(dtool)), sequencer: '16D679BCDB490BB1' };
    expect(await world.synchronizer.applyChanges(world.location, [real])).toMatchObject({ outcome: 'indexed' });
    expect(world.index.documents()[0]?.name).toBe('renamed');
  });
});

describe('Synchronizer.applyChanges when the index changed behind its back', () => {
  test('re-reads a dataset whose document was removed by someone else when its dtool object is notified', async () => {
    const world = await indexedWorld();
    const dtoolKey = keyOf(world.dataset, 'dtool');
    const eTag = (await world.store.head(bucket, dtoolKey))?.eTag;
    await world.index.deleteByUri(`s3://b/${world.dataset.uuid}`);
    expect(await world.synchronizer.applyChanges(world.location, [changeOf(dtoolKey, 'created', eTag)])).toMatchObject({ outcome: 'indexed' });
  });
});

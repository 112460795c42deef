import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  readFixtureJsonLines,
  readS3Layout,
  storageFor,
  writeDataset,
} from '@dtool-notify/testkit';
import {
  createSynchronizer,
  handleNotification,
  parseWebhookBody,
  type NotificationRecord,
  type RecordOutcome,
} from '@dtool-notify/domain';

const bucket = 'test-bucket';
const baseUriOf = (name: string): string | undefined => (name === bucket ? 's3://test-bucket' : undefined);

/** In-memory storage and index with the synchronizer over them, as the service composes them. */
function createWorld() {
  const store = createInMemoryObjectStore();
  const reader = createInMemoryManifestReader(store);
  const index = createInMemoryDatasetIndex();
  const synchronizer = createSynchronizer({ index, reader });
  const deliver = async (body: unknown): Promise<readonly RecordOutcome[]> => {
    const parsed = parseWebhookBody({ contentType: 'application/json', body: JSON.stringify(body) });
    if (parsed.kind !== 'records') throw new Error(`expected records, got ${parsed.kind}`);
    const outcome = await handleNotification(parsed.records, synchronizer, baseUriOf);
    return outcome.records;
  };
  return { store, reader, index, synchronizer, deliver };
}

function eventsOf(body: unknown): NotificationRecord[] {
  const parsed = parseWebhookBody({ contentType: 'application/json', body: JSON.stringify(body) });
  return parsed.kind === 'records' ? [...parsed.records] : [];
}

describe('replaying the captured MinIO streams through the synchronizer', () => {
  test('a dtool copy indexes exactly one document, with exactly one full dataset read', async () => {
    const world = createWorld();
    // The captured bodies of the upload, consumed in write order (the dtool key is written twice).
    const layout = [...readS3Layout().write_order_of_dtool_copy];
    const stream = readFixtureJsonLines('minio/webhook-copy-dataset.jsonl');
    for (const body of stream) {
      for (const record of eventsOf(body)) {
        if (record.type !== 'event' || record.event.kind !== 'created') continue;
        const position = layout.findIndex((object) => object.key === record.event.key);
        const [object] = layout.splice(position, 1);
        if (object === undefined) throw new Error(`no captured body for ${record.event.key}`);
        await world.store.put(bucket, object.key, object.body, object.metadata ?? {});
      }
      await world.deliver(body);
    }
    const documents = world.index.documents();
    expect(documents).toHaveLength(1);
    expect(documents[0]).toMatchObject({
      uri: 's3://test-bucket/49f0bf41-471b-4781-855e-161fe81ffb0d',
      base_uri: 's3://test-bucket',
      uuid: '49f0bf41-471b-4781-855e-161fe81ffb0d',
      name: 'simple_test_dataset',
      type: 'dataset',
      creator_username: 'testuser',
      created_at: new Date(1645632787071),
      frozen_at: new Date(1645632787618),
      readme: '---\ndescription: simple test dataset\n',
      number_of_items: 1,
      size_in_bytes: 965,
      tags: [],
      annotations: {},
    });
    // Only the two dtool writes cost an admin-metadata look (the first finds a protodataset);
    // README.yml and manifest.json ask the index whether the dataset is indexed yet (it is
    // not), and only the final dtool write leads to the full read.
    expect(world.reader.counts.datasetReads).toBe(1);
    expect(world.reader.counts.adminMetadataReads).toBe(2);
    // Two HEADs of dtool, the registration key (identity rule: only before the frozen
    // dataset's full read), then README, manifest and two listings: 7 requests for the upload.
    expect(world.reader.counts.requests).toBe(7);
    expect(world.index.counts.upserts).toBe(1);
    // A ticket per dtool sync and per README/manifest look-up, one look at the last ticket
    // after the write, a release at the end of each of the two dtool syncs and one after each
    // look-up that skipped (docs/multi-instance.md).
    expect(world.index.counts.tickets).toBe(9);
  });

  test('read-only access events cause no reads and no writes', async () => {
    const world = createWorld();
    const outcomes = [];
    for (const body of readFixtureJsonLines('minio/webhook-access-events.jsonl')) outcomes.push(...(await world.deliver(body)));
    expect(outcomes).toHaveLength(10);
    expect(outcomes.every((outcome) => outcome.outcome === 'ignored')).toBe(true);
    expect(world.reader.counts.requests).toBe(0);
    expect(world.index.counts.upserts + world.index.counts.deletes).toBe(0);
  });

  test('deleting two registered datasets object by object empties the index', async () => {
    const world = createWorld();
    const layout = readS3Layout().write_order_of_dtool_copy;
    for (const object of layout) await world.store.put(bucket, object.key, object.body, object.metadata ?? {});
    const second = buildDataset({ bucket, uuid: '31e75284-3532-4907-a5c5-399f2db74edd', prefix: 'u/testuser/', items: 1 });
    await writeDataset(storageFor(world.store, bucket), second);
    for (const uuid of ['49f0bf41-471b-4781-855e-161fe81ffb0d', '31e75284-3532-4907-a5c5-399f2db74edd']) {
      await world.synchronizer.syncDataset({ bucket, baseUri: 's3://test-bucket', uuid, prefix: 'u/testuser/' });
    }
    expect(world.index.documents()).toHaveLength(2);

    for (const body of readFixtureJsonLines('minio/webhook-delete-two-datasets.jsonl')) {
      for (const record of eventsOf(body)) if (record.type === 'event') await world.store.delete(bucket, record.event.key);
      await world.deliver(body);
    }
    expect(world.index.documents()).toEqual([]);
  });
});

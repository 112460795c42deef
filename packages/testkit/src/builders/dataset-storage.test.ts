import { describe, expect, test } from 'vitest';
import { createInMemoryObjectStore, type ObjectChange } from '../in-memory/object-store.js';
import { storageFor } from '../in-memory/storage-for.js';
import { buildDataset } from './build-dataset.js';
import type { DatasetObject } from './dataset-object.js';
import { deleteDataset, writeDataset, type DatasetStorage } from './dataset-storage.js';
import { datasetKeys } from './follow-up-objects.js';

/** A storage that records the order puts start and finish, each put taking a little while. */
function recordingStorage() {
  const events: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const storage: DatasetStorage = {
    bucket: 'b',
    async put(object: DatasetObject) {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      events.push(`start ${object.key}`);
      await new Promise((resolve) => setTimeout(resolve, 1));
      events.push(`end ${object.key}`);
      inFlight -= 1;
    },
    async delete() {},
  };
  return { storage, events, maxInFlight: () => maxInFlight };
}

describe('writeDataset', () => {
  test('writes each object after the previous one, in dtool copy order, by default', async () => {
    const dataset = buildDataset({ bucket: 'b', items: 3 });
    const { storage, events, maxInFlight } = recordingStorage();
    await writeDataset(storage, dataset);
    expect(maxInFlight()).toBe(1);
    expect(events.filter((event) => event.startsWith('start ')).map((event) => event.slice(6))).toEqual(dataset.objects.map((object) => object.key));
  });

  test('writes data items in parallel with a concurrency, the final dtool still last', async () => {
    const dataset = buildDataset({ bucket: 'b', items: 20 });
    const { storage, events, maxInFlight } = recordingStorage();
    await writeDataset(storage, dataset, { concurrency: 4 });
    expect(maxInFlight()).toBe(4);
    const finalDtool = `start ${dataset.uuid}/dtool`;
    expect(events.lastIndexOf(finalDtool)).toBe(events.length - 2);
    expect(events.filter((event) => event.startsWith('end ')).length).toBe(dataset.objects.length);
  });

  test('delivers a change for each object to store listeners, in write order', async () => {
    const store = createInMemoryObjectStore();
    const changes: ObjectChange[] = [];
    store.onChange((change) => void changes.push(change));
    const dataset = buildDataset({ bucket: 'b', prefix: 'u/x/', items: 2, tags: ['t'] });
    await writeDataset(storageFor(store, 'b'), dataset);
    expect(changes).toEqual(dataset.objects.map((object) => ({ kind: 'created', bucket: 'b', key: object.key, eTag: expect.any(String) })));
    expect(await store.head('b', `u/x/${dataset.uuid}/dtool`)).toMatchObject({ metadata: { type: 'dataset' } });
  });

  test('deleteDataset removes every object of the dataset', async () => {
    const store = createInMemoryObjectStore();
    const storage = storageFor(store, 'b');
    const [kept, removed] = [buildDataset({ bucket: 'b' }), buildDataset({ bucket: 'b' })];
    await writeDataset(storage, kept);
    await writeDataset(storage, removed);
    await deleteDataset(storage, removed);
    expect(store.keys('b').sort()).toEqual(datasetKeys(kept).sort());
  });
});

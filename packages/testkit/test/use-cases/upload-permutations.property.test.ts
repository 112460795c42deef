import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  expectedDocument,
} from '@dtool-notify/testkit';
import { createSynchronizer, handleNotification, type ManifestReader, type NotificationRecord } from '@dtool-notify/domain';

const bucket = 'b';
const baseUri = 's3://b';
const dataset = buildDataset({
  bucket,
  uuid: '0b8c0f5e-2d0a-4d4c-9a53-3c0f8c3a1e11',
  prefix: 'u/alice/',
  items: 5,
  readme: '---\nproject: permutations\n',
  tags: ['raw', 'checked'],
  annotations: { owner: 'alice', run: 7 },
});
const expected = expectedDocument(dataset, baseUri);

const created = (key: string): NotificationRecord => ({
  type: 'event',
  event: { kind: 'created', bucket, key, source: 's3-event' },
});

describe('delivering one upload in any order', () => {
  test('ends in the same index state, however notifications are delayed, reordered, duplicated or concurrent', async () => {
    const objects = dataset.objects;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(3), { minLength: objects.length, maxLength: objects.length }),
        fc.array(fc.nat(objects.length - 1), { maxLength: 2 }),
        fc.infiniteStream(fc.boolean()),
        async (delays, duplicated, coinFlips) => {
          const store = createInMemoryObjectStore();
          const index = createInMemoryDatasetIndex();
          // An answer sometimes arrives a macrotask after storage was read, so a sync can hold
          // a stale view while the writes after it go on, as over a network.
          const slowly = async <T>(read: Promise<T>): Promise<T> => {
            const answer = await read;
            if (coinFlips.next().value === true) await new Promise((resolve) => setTimeout(resolve, 0));
            return answer;
          };
          const inMemory = createInMemoryManifestReader(store);
          const reader: ManifestReader = {
            readRegistration: (name, uuid) => slowly(inMemory.readRegistration(name, uuid)),
            readAdminMetadata: (location) => slowly(inMemory.readAdminMetadata(location)),
            readDataset: (location, admin) => slowly(inMemory.readDataset(location, admin)),
            listDatasets: (name) => inMemory.listDatasets(name),
            countDatasets: (name) => inMemory.countDatasets(name),
            readFingerprint: (location) => inMemory.readFingerprint(location),
            listFingerprints: (name, prefix, fromUuid) => inMemory.listFingerprints(name, prefix, fromUuid),
          };
          const synchronizer = createSynchronizer({ index, reader });
          // Notification i is due `delays[i]` steps after object i is written, as real storage
          // delivers it only after the write; duplicates are due again at the end.
          const due = new Map<number, string[]>();
          objects.forEach((object, position) => {
            const step = position + (delays[position] ?? 0);
            due.set(step, [...(due.get(step) ?? []), object.key]);
          });
          const late = duplicated.map((position) => objects[position]?.key ?? '');
          const deliver = (keys: readonly string[]): Promise<unknown> =>
            Promise.all(keys.map((key) => handleNotification([created(key)], synchronizer, () => baseUri)));
          const inFlight: Promise<unknown>[] = [];
          for (let step = 0; step < objects.length + 4; step += 1) {
            const object = objects[step];
            if (object !== undefined) await store.put(bucket, object.key, object.body, object.metadata ?? {});
            const delivery = deliver(due.get(step) ?? []);
            // Some deliveries overlap the next writes, some complete first.
            if (coinFlips.next().value === true) inFlight.push(delivery);
            else await delivery;
          }
          await Promise.all(inFlight);
          await deliver(late);
          expect(index.documents()).toEqual([expected]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

import { describe, expect, test } from 'vitest';
import {
  buildDataset,
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  datasetKeys,
  datasetLocation,
  storageFor,
  writeDataset,
} from '@dtool-notify/testkit';
import { createSynchronizer, handleNotification, type NotificationRecord, type ObservedRecord, type SyncObservation } from '@dtool-notify/domain';

const bucket = 'b';
const baseUri = 's3://b';

describe('createSynchronizer({ observer })', () => {
  test('tells the observer when each sync starts, then its outcome and duration', async () => {
    const store = createInMemoryObjectStore();
    const seen: (string | SyncObservation)[] = [];
    const synchronizer = createSynchronizer({
      index: createInMemoryDatasetIndex(),
      reader: createInMemoryManifestReader(store),
      observer: { onSyncStarted: (uri) => seen.push(`started ${uri}`), onOutcome: (observation) => seen.push(observation) },
    });
    const dataset = buildDataset({ bucket, items: 2 });
    await writeDataset(storageFor(store, bucket), dataset);
    await synchronizer.syncDataset(datasetLocation(dataset, baseUri));
    const uri = `${baseUri}/${dataset.uuid}`;
    expect(seen).toEqual([`started ${uri}`, { uri, durationMs: expect.any(Number), outcome: { outcome: 'indexed', uri } }]);
    expect((seen[1] as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0);
  });

  test('tells the observer of a failed sync, and the sync still fails with its own error', async () => {
    const failure = new Error('storage unavailable');
    const observations: SyncObservation[] = [];
    const synchronizer = createSynchronizer({
      index: createInMemoryDatasetIndex(),
      reader: {
        readAdminMetadata: () => Promise.reject(failure),
        readRegistration: () => Promise.reject(failure),
        readDataset: () => Promise.reject(failure),
        listDatasets: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(failure) }) }),
        countDatasets: () => Promise.reject(failure),
        readFingerprint: () => Promise.reject(failure),
        listFingerprints: () => ({ [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(failure) }) }),
      },
      observer: { onOutcome: (observation) => observations.push(observation) },
    });
    await expect(synchronizer.syncDataset({ bucket, baseUri, uuid: '1e47c076-3a2b-4f5a-9d0e-0123456789ab' })).rejects.toBe(failure);
    expect(observations).toMatchObject([{ error: failure }]);
  });

  test('a throwing observer never turns a committed sync into a failure', async () => {
    const store = createInMemoryObjectStore();
    const index = createInMemoryDatasetIndex();
    const fail = (): never => {
      throw new Error('observer bug');
    };
    const synchronizer = createSynchronizer({
      index,
      reader: createInMemoryManifestReader(store),
      observer: { onSyncStarted: fail, onOutcome: fail },
    });
    const dataset = buildDataset({ bucket, items: 1 });
    await writeDataset(storageFor(store, bucket), dataset);
    await expect(synchronizer.syncDataset(datasetLocation(dataset, baseUri))).resolves.toMatchObject({ outcome: 'indexed' });
    expect(index.documents()).toHaveLength(1);
  });
});

describe('handleNotification(..., observer)', () => {
  test('tells the observer every record outcome in order, with the event time the notification carried', async () => {
    const store = createInMemoryObjectStore();
    const synchronizer = createSynchronizer({ index: createInMemoryDatasetIndex(), reader: createInMemoryManifestReader(store) });
    const dataset = buildDataset({ bucket, items: 1 });
    await writeDataset(storageFor(store, bucket), dataset);
    const dtoolKey = datasetKeys(dataset).find((key) => key.endsWith('/dtool')) as string;
    const records: NotificationRecord[] = [
      { type: 'event', event: { kind: 'created', bucket, key: dtoolKey, source: 's3-event', eventTime: '2026-12-01T00:00:00.000Z' } },
      { type: 'ignored', ignored: { reason: 'a test event' } },
    ];
    const observed: (readonly ObservedRecord[])[] = [];
    await handleNotification(records, synchronizer, () => baseUri, { onRecords: (batch) => observed.push(batch) });
    expect(observed).toEqual([
      [
        { outcome: { outcome: 'indexed', key: dtoolKey, uri: `${baseUri}/${dataset.uuid}` }, eventTime: '2026-12-01T00:00:00.000Z' },
        { outcome: { outcome: 'ignored', reason: 'a test event' } },
      ],
    ]);
  });
});

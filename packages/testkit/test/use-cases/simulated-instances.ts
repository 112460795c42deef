import type fc from 'fast-check';
import {
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  storageFor,
  type BuiltDataset,
  type DatasetStorage,
  type InMemoryDatasetIndex,
  type ObjectChange,
  type ObjectStore,
} from '@dtool-notify/testkit';
import {
  createSynchronizer,
  handleNotification,
  readDatasetDocument,
  reconcileBucket,
  type DatasetDocument,
  type ManifestReader,
  type NotificationRecord,
  type ReconcileReport,
} from '@dtool-notify/domain';
import { datasetOf, runHistory, type DatasetHistory } from '@dtool-notify/testkit/histories';

export const bucket = 'b';
export const baseUri = 's3://b';

/** How storage's notifications reach the instances. */
export type Delivery =
  /** Every instance gets every notification (several consumers of one stream), sometimes twice. */
  | 'to-every-instance'
  /** A load balancer: each notification goes to one instance the dice pick, sometimes to a second one too. */
  | 'to-one-instance';

/** One simulated world: N service instances on one in-memory index and one object store. */
export interface SimulationOptions {
  readonly histories: readonly DatasetHistory[];
  readonly instances: number;
  readonly delivery: Delivery;
  readonly skipChangesOfUnindexedDatasets: boolean;
  readonly dice: fc.Stream<number>;
  readonly scheduler: fc.Scheduler;
}

/** What the index holds at the end, what the bucket says, and what `sync --prune --dry-run` reports. */
export interface SimulationResult {
  readonly indexed: DatasetDocument[];
  readonly truth: DatasetDocument[];
  readonly datasets: readonly BuiltDataset[];
  readonly dryRun: ReconcileReport;
  readonly index: InMemoryDatasetIndex;
}

/** What the bucket says each dataset's document is now, read afresh. */
async function bucketTruth(store: ObjectStore, datasets: readonly BuiltDataset[]): Promise<DatasetDocument[]> {
  const reader = createInMemoryManifestReader(store);
  const documents: DatasetDocument[] = [];
  for (const dataset of datasets) {
    const found = await readDatasetDocument(reader, { bucket, baseUri, uuid: dataset.uuid, prefix: dataset.prefix });
    if (found.status === 'document') documents.push(found.document);
  }
  return documents.sort((a, b) => (a.uri < b.uri ? -1 : 1));
}

/** A change as S3 notifies it, with the written object's ETag (a claim the service must not rely on). */
const recordOf = (change: ObjectChange): NotificationRecord => ({
  type: 'event',
  event: { kind: change.kind, bucket: change.bucket, key: change.key, source: 's3-event', ...(change.eTag === undefined ? {} : { eTag: change.eTag }) },
});

/**
 * Runs the histories against storage while N instances handle their notifications, with
 * every storage answer, index operation (sync tickets included), delivery and write landing
 * when the fast-check scheduler says: any interleaving, including a write reaching the index
 * long after the read it came from.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const { scheduler, dice } = options;
  const store = createInMemoryObjectStore();
  // Once the run is over, the checks below use the index without the scheduler, which no one drives any more.
  let running = true;
  const index = createInMemoryDatasetIndex({
    beforeRequest: (request) => (running ? scheduler.schedule(Promise.resolve(), `index ${request.operation}`) : undefined),
  });
  const inMemory = createInMemoryManifestReader(store);
  const reader: ManifestReader = {
    readRegistration: (name, uuid) => scheduler.schedule(inMemory.readRegistration(name, uuid), `registration ${uuid}`),
    readAdminMetadata: (location) => scheduler.schedule(inMemory.readAdminMetadata(location), `admin metadata ${location.uuid}`),
    readDataset: (location, admin) => scheduler.schedule(inMemory.readDataset(location, admin), `dataset ${location.uuid}`),
    listDatasets: (name) => inMemory.listDatasets(name),
    countDatasets: (name) => inMemory.countDatasets(name),
    readFingerprint: (location) => inMemory.readFingerprint(location),
    listFingerprints: (name, prefix, fromUuid) => inMemory.listFingerprints(name, prefix, fromUuid),
  };
  const synchronizers = Array.from({ length: options.instances }, () =>
    createSynchronizer({ index, reader, maxConcurrentSyncs: 3, skipChangesOfUnindexedDatasets: options.skipChangesOfUnindexedDatasets }),
  );
  const receiversOf = (): number[] => {
    if (options.delivery === 'to-every-instance') {
      return synchronizers.flatMap((_, position) => (dice.next().value < 2 ? [position, position] : [position]));
    }
    const first = dice.next().value % synchronizers.length;
    const again = dice.next().value < 2 ? [dice.next().value % synchronizers.length] : [];
    return [first, ...again];
  };

  const deliveries: Promise<unknown>[] = [];
  store.onChange((change) => {
    for (const receiver of receiversOf()) {
      const synchronizer = synchronizers[receiver];
      if (synchronizer === undefined) continue;
      deliveries.push(
        scheduler
          .schedule(Promise.resolve(recordOf(change)), `deliver ${change.kind} ${change.key} to instance ${receiver}`)
          .then((record) => handleNotification([record], synchronizer, () => baseUri)),
      );
    }
  });
  // Each dataset's writer waits for the scheduler before every write: uploads interleave.
  const interleaved = storageFor(store, bucket);
  const storage: DatasetStorage = {
    bucket,
    put: async (object) => interleaved.put(await scheduler.schedule(Promise.resolve(object), `put ${object.key}`)),
    delete: async (key) => interleaved.delete(await scheduler.schedule(Promise.resolve(key), `delete ${key}`)),
  };
  const datasets = options.histories.map((history) => datasetOf(history, bucket));
  const writers = Promise.all(options.histories.map((history, position) => runHistory(storage, datasets[position] as BuiltDataset, history)));

  await scheduler.waitFor(
    writers.then(() => Promise.all(deliveries)).then(() => Promise.all(synchronizers.map((synchronizer) => synchronizer.whenIdle()))),
  );
  running = false;
  const truth = await bucketTruth(store, datasets);
  const dryRun = await reconcileBucket({ reader: inMemory, index, bucket, baseUri, prune: true, dryRun: true });
  return { indexed: index.documents(), truth, datasets, dryRun, index };
}

/** The counts of `sync --prune --dry-run` that mean "bucket and index differ". */
export function differences(report: ReconcileReport): { added: number; updated: number; removed: number; failed: number } {
  const { added, updated, removed, failed } = report.counts;
  return { added, updated, removed, failed };
}

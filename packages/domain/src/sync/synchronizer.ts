import type { ReadmeLayout } from '../model/dataset-document.js';
import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import { createKeyedCoalescer } from './coalesce-per-key.js';
import { readDatasetDocument } from './read-dataset-document.js';
import { createSemaphore } from './semaphore.js';

/** What a sync of one dataset did to the index. */
export type SyncOutcome =
  | { readonly outcome: 'indexed'; readonly uri: string }
  | { readonly outcome: 'deleted'; readonly uri: string; readonly existed: boolean }
  | { readonly outcome: 'not-a-dataset'; readonly uri: string; readonly reason: string };

/** Options of {@link createSynchronizer}. */
export interface SynchronizerOptions {
  readonly index: DatasetIndex;
  readonly reader: ManifestReader;
  readonly readmeLayout?: ReadmeLayout;
  /** Syncs of different datasets running at once (default 8). */
  readonly maxConcurrentSyncs?: number;
}

/** Keeps the index equal to storage, one dataset at a time. */
export interface Synchronizer {
  /**
   * Reconciles the index with the dataset at `location`: upserts a frozen dataset, deletes
   * one whose `dtool` object is gone, leaves a protodataset alone. Requests for the same
   * dataset coalesce; the promise settles once a sync that began after the call has committed.
   */
  syncDataset(location: DatasetLocation): Promise<SyncOutcome>;
  /** Datasets with a sync pending or running. */
  readonly pending: number;
  /** Settles once no sync is pending or running (for a graceful shutdown). */
  whenIdle(): Promise<void>;
}

/** Creates the sync use case over the two ports. */
export function createSynchronizer(options: SynchronizerOptions): Synchronizer {
  const { index, reader } = options;
  const coalescer = createKeyedCoalescer<SyncOutcome>(createSemaphore(options.maxConcurrentSyncs ?? 8));

  const syncOnce = async (location: DatasetLocation): Promise<SyncOutcome> => {
    const uri = datasetUri(location);
    const found = await readDatasetDocument(reader, location, options.readmeLayout);
    if (found.status === 'gone') return { outcome: 'deleted', uri, existed: await index.deleteByUri(uri) };
    if (found.status === 'not-a-dataset') return { outcome: 'not-a-dataset', uri, reason: found.reason };
    await index.upsert(found.document);
    return { outcome: 'indexed', uri };
  };

  const inFlight = new Set<Promise<unknown>>();
  return {
    syncDataset(location) {
      const sync = coalescer.run(datasetUri(location), () => syncOnce(location));
      const tracked: Promise<unknown> = sync.then(
        (): boolean => inFlight.delete(tracked),
        (): boolean => inFlight.delete(tracked),
      );
      inFlight.add(tracked);
      return sync;
    },
    get pending() {
      return coalescer.size;
    },
    async whenIdle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

import type { ReadmeLayout } from '../model/dataset-document.js';
import type { PartChange } from '../model/dataset-fingerprint.js';
import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import type { ReadmeLimits } from './read-dataset-document.js';
import { createKeyedCoalescer } from './coalesce-per-key.js';
import { commitSync } from './commit-sync.js';
import type { SyncOutcome } from '../model/sync-outcome.js';
import { createFairSemaphores } from './fair-semaphores.js';
import type { SyncObserver } from '../ports/sync-observer.port.js';
import { observeSync } from './observe-sync.js';
import { createChangeScreen, syncEveryChange } from './screen-changes.js';


/** Options of {@link createSynchronizer}. */
export interface SynchronizerOptions {
  readonly index: DatasetIndex;
  readonly reader: ManifestReader;
  readonly readmeLayout?: ReadmeLayout;
  /** Bounds of the README parsed in the `parsed-yaml` layout. */
  readonly limits?: ReadmeLimits;
  /** Syncs of different datasets running at once (default 8). */
  readonly maxConcurrentSyncs?: number;
  /**
   * Syncs of one base URI (bucket) running at once (default: all but two of
   * `maxConcurrentSyncs`, at least one), so a stalled bucket leaves slots to the others.
   */
  readonly maxConcurrentSyncsPerBucket?: number;
  /**
   * Skip changes to README, manifest, tags and annotations of datasets the index does not
   * hold yet (default `true`; see `screen-changes.ts`). `false` syncs on every change.
   */
  readonly skipChangesOfUnindexedDatasets?: boolean;
  /** Told when each sync starts and once it has committed or failed; it never changes a sync. */
  readonly observer?: SyncObserver;
}

/** Keeps the index equal to storage, one dataset at a time. */
export interface Synchronizer {
  /**
   * Reconciles the index with the dataset at `location`: upserts a frozen dataset, deletes
   * one whose `dtool` object is gone, leaves a protodataset (and a copy under another prefix)
   * alone. Requests for the same dataset coalesce; the promise settles once a sync that began
   * after the call has committed.
   */
  syncDataset(location: DatasetLocation): Promise<SyncOutcome>;
  /**
   * Applies notified changes to one dataset's objects: a change to `dtool` always syncs; a
   * change to README, manifest, tags or annotations syncs unless the index holds no document
   * for the dataset yet (it is indexed, and all of it read, once its final `dtool` is written).
   */
  applyChanges(location: DatasetLocation, changes: readonly PartChange[]): Promise<SyncOutcome>;
  /** Datasets with a sync pending or running. */
  readonly pending: number;
  /** Settles once no sync is pending or running (for a graceful shutdown). */
  whenIdle(): Promise<void>;
}

/** Creates the sync use case over the two ports. */
export function createSynchronizer(options: SynchronizerOptions): Synchronizer {
  const { index, reader } = options;
  const total = options.maxConcurrentSyncs ?? 8;
  const slotsOf = createFairSemaphores(total, options.maxConcurrentSyncsPerBucket ?? Math.max(1, total - 2));
  // Keys are dataset URIs, `<base URI>/<uuid>`: the base URI names the bucket.
  const coalescer = createKeyedCoalescer<SyncOutcome>((uri) => slotsOf(uri.slice(0, uri.lastIndexOf('/'))));
  const screen = options.skipChangesOfUnindexedDatasets === false ? syncEveryChange : createChangeScreen(index);
  const inFlight = new Set<Promise<unknown>>();

  const syncDataset = (location: DatasetLocation): Promise<SyncOutcome> => {
    const uri = datasetUri(location);
    const sync = coalescer.run(uri, () => observeSync(uri, options.observer, () => commitSync(index, reader, location, options.readmeLayout, options.limits)));
    const tracked: Promise<unknown> = sync.then(
      (): boolean => inFlight.delete(tracked),
      (): boolean => inFlight.delete(tracked),
    );
    inFlight.add(tracked);
    return sync;
  };

  const applyChanges = async (location: DatasetLocation, changes: readonly PartChange[]): Promise<SyncOutcome> => {
    const uri = datasetUri(location);
    const verdict = await screen(uri, changes);
    return verdict.sync ? syncDataset(location) : { outcome: 'unchanged', uri, reason: verdict.reason };
  };

  return {
    syncDataset,
    applyChanges,
    get pending() {
      return coalescer.size;
    },
    async whenIdle() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

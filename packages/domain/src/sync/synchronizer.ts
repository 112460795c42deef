import type { ReadmeLayout } from '../model/dataset-document.js';
import { compareSequencers, isReflected, type DatasetFingerprint, type PartChange } from '../model/dataset-fingerprint.js';
import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import type { StorageLimits } from '../parsers/storage-limits.js';
import { createKeyedCoalescer } from './coalesce-per-key.js';
import { createLruMap } from './lru-map.js';
import { readDatasetDocument, type DocumentInStorage } from './read-dataset-document.js';
import { createFairSemaphores } from './fair-semaphores.js';

/** What a sync of one dataset did to the index. */
export type SyncOutcome =
  | { readonly outcome: 'indexed'; readonly uri: string }
  | { readonly outcome: 'deleted'; readonly uri: string; readonly existed: boolean }
  | { readonly outcome: 'not-a-dataset'; readonly uri: string; readonly reason: string }
  /** Nothing to do: the index already shows the change, or the dataset is not indexed yet. */
  | { readonly outcome: 'unchanged'; readonly uri: string; readonly reason: string };

/** Options of {@link createSynchronizer}. */
export interface SynchronizerOptions {
  readonly index: DatasetIndex;
  readonly reader: ManifestReader;
  readonly readmeLayout?: ReadmeLayout;
  /** Bounds of the README parsed in the `parsed-yaml` layout. */
  readonly limits?: Pick<StorageLimits, 'maxYamlBytes' | 'maxYamlDepth'>;
  /** Syncs of different datasets running at once (default 8). */
  readonly maxConcurrentSyncs?: number;
  /**
   * Syncs of one base URI (bucket) running at once (default: all but two of
   * `maxConcurrentSyncs`, at least one), so a stalled bucket leaves slots to the others.
   */
  readonly maxConcurrentSyncsPerBucket?: number;
  /** Datasets whose fingerprint is remembered to skip late notifications (default 50,000). */
  readonly fingerprintCapacity?: number;
}

/** Keeps the index equal to storage, one dataset at a time. */
export interface Synchronizer {
  /**
   * Reconciles the index with the dataset at `location`: upserts a frozen dataset, deletes
   * one whose `dtool` object is gone, leaves a protodataset alone. Requests for the same
   * dataset coalesce; the promise settles once a sync that began after the call has committed.
   */
  syncDataset(location: DatasetLocation): Promise<SyncOutcome>;
  /**
   * Applies notified changes to one dataset's objects. A change to `dtool` always syncs. A
   * change to README, manifest, tags or annotations syncs only if the index does not show it
   * yet: a dataset is indexed when its final `dtool` is written, so such changes before that
   * (or notified late, after a sync that saw them) cost no read of storage.
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
  // What the index shows of recently synced datasets, as this instance wrote it.
  const fingerprints = createLruMap<string, DatasetFingerprint>(options.fingerprintCapacity ?? 50_000);
  // The newest sequencer of a `dtool` write or removal whose sync has committed, per object
  // key (sequencers order the events of one key only).
  const syncedDtoolSequencers = createLruMap<string, string>(options.fingerprintCapacity ?? 50_000);
  const inFlight = new Set<Promise<unknown>>();

  /**
   * Reads the dataset at the notified prefix and, when its `dtool` object is not there, at the
   * prefix its registration key names: an object under another prefix (a stray README.yml, a
   * key anyone may write) must not take an existing dataset out of the index.
   */
  const readDataset = async (location: DatasetLocation): Promise<DocumentInStorage> => {
    const found = await readDatasetDocument(reader, location, options.readmeLayout, options.limits);
    if (found.status !== 'gone' || location.prefix === undefined) return found;
    const registered: DatasetLocation = { bucket: location.bucket, baseUri: location.baseUri, uuid: location.uuid };
    return readDatasetDocument(reader, registered, options.readmeLayout, options.limits);
  };

  const syncOnce = async (location: DatasetLocation): Promise<SyncOutcome> => {
    const uri = datasetUri(location);
    const found = await readDataset(location);
    if (found.status === 'gone') {
      fingerprints.delete(uri);
      return { outcome: 'deleted', uri, existed: await index.deleteByUri(uri) };
    }
    if (found.status === 'not-a-dataset') return { outcome: 'not-a-dataset', uri, reason: found.reason };
    fingerprints.delete(uri);
    await index.upsert(found.document);
    if (found.eTags !== undefined) fingerprints.set(uri, { eTags: found.eTags, tags: found.document.tags });
    return { outcome: 'indexed', uri };
  };

  const syncDataset = (location: DatasetLocation): Promise<SyncOutcome> => {
    const sync = coalescer.run(datasetUri(location), () => syncOnce(location));
    const tracked: Promise<unknown> = sync.then(
      (): boolean => inFlight.delete(tracked),
      (): boolean => inFlight.delete(tracked),
    );
    inFlight.add(tracked);
    return sync;
  };

  const applyChanges = async (location: DatasetLocation, changes: readonly PartChange[]): Promise<SyncOutcome> => {
    const uri = datasetUri(location);
    const dtoolChanges = changes.filter((change) => change.part.kind === 'admin-metadata');
    const otherChanges = changes.filter((change) => change.part.kind !== 'admin-metadata');
    if (dtoolChanges.length > 0) {
      const dtoolKey = `${location.bucket}/${location.prefix ?? ''}${location.uuid}/dtool`;
      const newest = newestSequencer(dtoolChanges);
      const synced = syncedDtoolSequencers.get(dtoolKey);
      // A `dtool` write older than one whose sync has committed was seen by that sync (a late
      // protodataset event after the freeze): only the other parts count.
      // Only writes are skipped, and only when strictly older: a removal is cheap to check and
      // must never be lost to sequencers from nodes whose clocks disagree.
      const writesOnly = dtoolChanges.every((change) => change.kind === 'created');
      const olderThanSynced = writesOnly && newest !== undefined && synced !== undefined && compareSequencers(newest, synced) < 0;
      const shown = (olderThanSynced || (await reflectedOnceSettled(uri, dtoolChanges))) && (await index.exists(uri));
      if (!shown) {
        const outcome = await syncDataset(location);
        if (newest !== undefined) recordDtoolSequencer(dtoolKey, newest);
        return outcome;
      }
      if (otherChanges.length === 0) return { outcome: 'unchanged', uri, reason: 'the index already shows this write of its dtool object' };
    }
    return applyPartChanges(location, uri, otherChanges);
  };

  // A sync under way (started, say, by a late protodataset event) may already have read this
  // very `dtool` object: its fingerprint's ETag tells.
  const reflectedOnceSettled = async (uri: string, changes: readonly PartChange[]): Promise<boolean> => {
    await coalescer.settled(uri);
    const fingerprint = fingerprints.get(uri);
    return fingerprint !== undefined && changes.every((change) => isReflected(fingerprint, change));
  };

  const recordDtoolSequencer = (dtoolKey: string, sequencer: string): void => {
    const known = syncedDtoolSequencers.get(dtoolKey);
    if (known === undefined || compareSequencers(sequencer, known) > 0) syncedDtoolSequencers.set(dtoolKey, sequencer);
  };

  const applyPartChanges = async (location: DatasetLocation, uri: string, changes: readonly PartChange[]): Promise<SyncOutcome> => {
    // A sync under way may or may not have seen these changes: its fingerprint will tell.
    await coalescer.settled(uri);
    const fingerprint = fingerprints.get(uri);
    if (fingerprint !== undefined) {
      // The document may have been removed behind our back (by hand, by another tool): then
      // what the fingerprint remembers is no longer in the index.
      if (changes.every((change) => isReflected(fingerprint, change)) && (await index.exists(uri))) {
        return { outcome: 'unchanged', uri, reason: 'the index already shows this change' };
      }
      return syncDataset(location);
    }
    if (!(await index.exists(uri))) {
      return { outcome: 'unchanged', uri, reason: 'not indexed yet: a dataset is indexed when its final dtool object is written' };
    }
    return syncDataset(location);
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

/** The newest sequencer of the changes, or `undefined` when any of them has none (then order is unknown). */
function newestSequencer(changes: readonly PartChange[]): string | undefined {
  let newest: string | undefined;
  for (const change of changes) {
    if (change.sequencer === undefined) return undefined;
    if (newest === undefined || compareSequencers(change.sequencer, newest) > 0) newest = change.sequencer;
  }
  return newest;
}

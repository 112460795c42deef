import { buildDatasetDocument } from '../model/build-dataset-document.js';
import type { ReadmeLayout } from '../model/dataset-document.js';
import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import { createKeyedCoalescer } from './coalesce-per-key.js';
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
}

/** Creates the sync use case over the two ports. */
export function createSynchronizer(options: SynchronizerOptions): Synchronizer {
  const { index, reader } = options;
  const coalescer = createKeyedCoalescer<SyncOutcome>(createSemaphore(options.maxConcurrentSyncs ?? 8));

  const deleteDataset = async (uri: string): Promise<SyncOutcome> => ({
    outcome: 'deleted',
    uri,
    existed: await index.deleteByUri(uri),
  });

  const syncOnce = async (location: DatasetLocation): Promise<SyncOutcome> => {
    const uri = datasetUri(location);
    const admin = await reader.readAdminMetadata(location);
    if (admin.status === 'gone') return deleteDataset(uri);
    if (admin.status === 'not-a-dataset') return { outcome: 'not-a-dataset', uri, reason: admin.reason };
    if (admin.adminMetadata.uuid.toLowerCase() !== location.uuid.toLowerCase()) {
      const reason = `admin metadata names uuid ${admin.adminMetadata.uuid}, the key says ${location.uuid}`;
      return { outcome: 'not-a-dataset', uri, reason };
    }
    if (admin.adminMetadata.type !== 'dataset') {
      return { outcome: 'not-a-dataset', uri, reason: 'protodataset: not frozen yet' };
    }
    const read = await reader.readDataset(location, admin.adminMetadata);
    if (read.status === 'gone') return deleteDataset(uri);
    if (read.status === 'not-a-dataset') return { outcome: 'not-a-dataset', uri, reason: read.reason };
    const document = buildDatasetDocument(read.content, {
      baseUri: location.baseUri,
      ...(options.readmeLayout === undefined ? {} : { readmeLayout: options.readmeLayout }),
    });
    if (!document.ok) return { outcome: 'not-a-dataset', uri, reason: document.reason };
    await index.upsert(document.value);
    return { outcome: 'indexed', uri };
  };

  return {
    syncDataset: (location) => coalescer.run(datasetUri(location), () => syncOnce(location)),
    get pending() {
      return coalescer.size;
    },
  };
}

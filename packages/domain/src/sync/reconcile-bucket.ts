import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { ReadmeLayout } from '../model/dataset-document.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import type { ReadmeLimits } from './read-dataset-document.js';
import { readDatasetDocument } from './read-dataset-document.js';
import { createSemaphore } from './semaphore.js';
import { sameDocument } from './same-document.js';
import { commitSync } from './commit-sync.js';

/** What reconciling one dataset found (and, unless a dry run, did). */
export type ReconcileChange = 'added' | 'updated' | 'unchanged' | 'removed' | 'not-a-dataset' | 'failed';

/** Options of {@link reconcileBucket}. */
export interface ReconcileOptions {
  readonly reader: ManifestReader;
  readonly index: DatasetIndex;
  readonly bucket: string;
  readonly baseUri: string;
  /** Also remove index entries whose dataset is no longer in the bucket. */
  readonly prune?: boolean;
  /** Report the differences without writing anything. */
  readonly dryRun?: boolean;
  readonly readmeLayout?: ReadmeLayout;
  /** Bounds of the README parsed in the `parsed-yaml` layout. */
  readonly limits?: ReadmeLimits;
  readonly concurrency?: number;
  /** Called once per dataset as it is reconciled (for progress output). */
  readonly onDataset?: (uri: string, change: ReconcileChange, reason?: string) => void;
}

/** Counts of each change, plus the failures with their reasons. */
export interface ReconcileReport {
  readonly counts: Readonly<Record<ReconcileChange, number>>;
  readonly failures: readonly { readonly uri: string; readonly reason: string }[];
  readonly dryRun: boolean;
}

/**
 * Brings the index in line with every dataset registered in a bucket (recovery from missed
 * notifications): indexes new and changed datasets and, with `prune`, removes entries
 * whose dataset is gone. With `dryRun` it only reports what it would change.
 */
export async function reconcileBucket(options: ReconcileOptions): Promise<ReconcileReport> {
  const { reader, index, bucket, baseUri } = options;
  const counts: Record<ReconcileChange, number> = { added: 0, updated: 0, unchanged: 0, removed: 0, 'not-a-dataset': 0, failed: 0 };
  const failures: { uri: string; reason: string }[] = [];
  const record = (uri: string, change: ReconcileChange, reason?: string): void => {
    counts[change] += 1;
    if (change === 'failed') failures.push({ uri, reason: reason ?? 'unknown failure' });
    options.onDataset?.(uri, change, reason);
  };
  const semaphore = createSemaphore(options.concurrency ?? 8);
  const seen = new Set<string>();
  const work: Promise<void>[] = [];
  for await (const listed of reader.listDatasets(bucket)) {
    const location: DatasetLocation = { bucket, baseUri, uuid: listed.uuid, prefix: listed.prefix };
    const uri = datasetUri(location);
    seen.add(uri);
    work.push(semaphore.run(() => reconcileOne(options, location, uri).then(
      ({ change, reason }) => record(uri, change, reason),
      (error: unknown) => record(uri, 'failed', error instanceof Error ? error.message : String(error)),
    )));
  }
  await Promise.all(work);
  if (options.prune === true) {
    for (const uri of await index.listUris(baseUri)) {
      if (seen.has(uri)) continue;
      if (options.dryRun === true) {
        record(uri, 'removed');
        continue;
      }
      // Through the multi-instance protocol, so a dataset registered since the listing stays.
      const outcome = await commitSync(index, reader, { bucket, baseUri, uuid: uri.slice(baseUri.length + 1) }, options.readmeLayout, options.limits);
      record(uri, outcome.outcome === 'deleted' ? 'removed' : outcome.outcome === 'indexed' ? 'updated' : 'unchanged');
    }
  }
  return { counts, failures, dryRun: options.dryRun === true };
}

async function reconcileOne(
  options: ReconcileOptions,
  location: DatasetLocation,
  uri: string,
): Promise<{ change: ReconcileChange; reason?: string }> {
  const { index, reader } = options;
  // A ticket before the read, a look at it after a write: the protocol of every sync
  // (docs/multi-instance.md), so a service instance running meanwhile never loses to us.
  const ticket = options.dryRun === true ? undefined : await index.takeSyncTicket(uri);
  const found = await readDatasetDocument(reader, location, options.readmeLayout, options.limits);
  const existing = await index.findByUri(uri);
  if (found.status === 'not-a-dataset') return { change: 'not-a-dataset', reason: found.reason };
  if (found.status === 'gone' && existing === undefined) return { change: 'unchanged' };
  if (found.status === 'document' && existing !== undefined && sameDocument(existing, index.keptForm?.(found.document) ?? found.document)) {
    return { change: 'unchanged' };
  }
  const change: ReconcileChange = found.status === 'gone' ? 'removed' : existing === undefined ? 'added' : 'updated';
  if (ticket === undefined) return { change };
  if (found.status === 'gone') await index.deleteByUri(uri);
  else await index.upsert(found.document);
  if ((await index.latestSyncTicket(uri)) !== ticket) await commitSync(index, reader, location, options.readmeLayout, options.limits);
  return { change };
}

import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { ReadmeLayout } from '../model/dataset-document.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import { storedFingerprint } from '../model/stored-fingerprint.js';
import { readDatasetDocument, type ReadmeLimits } from './read-dataset-document.js';
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
  /** Datasets reconciled at once (default 8). */
  readonly concurrency?: number;
  /** Once aborted, no further dataset is started; those under way finish and the report says `interrupted`. */
  readonly signal?: { readonly aborted: boolean };
  /** Called once, before the first dataset, with the number of registered datasets (one more listing of the registration keys). */
  readonly onTotal?: (total: number) => void;
  /** Called once per dataset as it is reconciled (for progress output). */
  readonly onDataset?: (uri: string, change: ReconcileChange, reason?: string) => void;
}

/** Counts of each change, plus the failures with their reasons. */
export interface ReconcileReport {
  readonly counts: Readonly<Record<ReconcileChange, number>>;
  readonly failures: readonly { readonly uri: string; readonly reason: string }[];
  readonly dryRun: boolean;
  /** Stopped early by the signal: the datasets not reached are neither counted nor pruned. */
  readonly interrupted: boolean;
}

/** What the index held of a dataset when the sync began. */
interface Indexed {
  readonly fingerprint: string | undefined;
}

/**
 * Brings the index in line with every dataset registered in a bucket (a backfill, or
 * recovery from missed notifications): indexes new and changed datasets and, with `prune`,
 * removes entries whose dataset is gone. With `dryRun` it only reports what it would change.
 *
 * Its cost does not grow with the size of the index: the index is read once, in one pass
 * (each URI and its stored fingerprint), not looked up per dataset; a dataset whose listing
 * matches its stored fingerprint is unchanged without reading any body or writing anything;
 * the registration keys are streamed, with at most `concurrency` datasets in hand.
 */
export async function reconcileBucket(options: ReconcileOptions): Promise<ReconcileReport> {
  const { reader, index, bucket, baseUri, signal } = options;
  const counts: Record<ReconcileChange, number> = { added: 0, updated: 0, unchanged: 0, removed: 0, 'not-a-dataset': 0, failed: 0 };
  const failures: { uri: string; reason: string }[] = [];
  const record = (uri: string, change: ReconcileChange, reason?: string): void => {
    counts[change] += 1;
    if (change === 'failed') failures.push({ uri, reason: reason ?? 'unknown failure' });
    options.onDataset?.(uri, change, reason);
  };
  // What is left in here at the end is indexed but no longer registered (what `prune` removes).
  const notListed = new Map(await index.readFingerprints(baseUri));
  if (options.onTotal !== undefined) options.onTotal(await reader.countDatasets(bucket));
  const limit = Math.max(1, Math.floor(options.concurrency ?? 8));
  const inFlight = new Set<Promise<void>>();
  for await (const listed of reader.listDatasets(bucket)) {
    if (signal?.aborted === true) break;
    const location: DatasetLocation = { bucket, baseUri, uuid: listed.uuid, prefix: listed.prefix };
    const uri = datasetUri(location);
    const indexed: Indexed | undefined = notListed.has(uri) ? { fingerprint: notListed.get(uri) } : undefined;
    notListed.delete(uri);
    const task: Promise<void> = reconcileOne(options, location, uri, indexed)
      .then(
        ({ change, reason }) => record(uri, change, reason),
        (error: unknown) => record(uri, 'failed', error instanceof Error ? error.message : String(error)),
      )
      .finally(() => inFlight.delete(task));
    inFlight.add(task);
    while (inFlight.size >= limit) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const interrupted = signal?.aborted === true;
  if (options.prune === true && !interrupted) {
    for (const uri of [...notListed.keys()].sort()) {
      if (options.dryRun === true) {
        record(uri, 'removed');
        continue;
      }
      // Through the multi-instance protocol, so a dataset registered since the listing stays.
      const outcome = await commitSync(index, reader, { bucket, baseUri, uuid: uri.slice(baseUri.length + 1) }, options.readmeLayout, options.limits);
      record(uri, outcome.outcome === 'deleted' ? 'removed' : outcome.outcome === 'indexed' ? 'updated' : 'unchanged');
    }
  }
  return { counts, failures, dryRun: options.dryRun === true, interrupted };
}

async function reconcileOne(
  options: ReconcileOptions,
  location: DatasetLocation,
  uri: string,
  indexed: Indexed | undefined,
): Promise<{ change: ReconcileChange; reason?: string }> {
  const { index, reader } = options;
  const layout = options.readmeLayout ?? 'text';
  const write = options.dryRun !== true;
  if (indexed?.fingerprint !== undefined) {
    const listed = await reader.readFingerprint(location);
    if (listed.status === 'found' && storedFingerprint(listed.fingerprint, layout) === indexed.fingerprint) return { change: 'unchanged' };
  }
  // Past this point a write may follow: a ticket before the read, a look at it after the
  // write, the protocol of every sync (docs/multi-instance.md), so a service instance running
  // meanwhile never loses to us. The verification above writes nothing and needs none.
  const ticket = write ? await index.takeSyncTicket(uri) : undefined;
  const settle = async (): Promise<void> => {
    if (ticket !== undefined && (await index.latestSyncTicket(uri)) !== ticket) {
      await commitSync(index, reader, location, options.readmeLayout, options.limits);
    }
  };
  const found = await readDatasetDocument(reader, location, layout, options.limits);
  if (found.status === 'not-a-dataset') return { change: 'not-a-dataset', reason: found.reason };
  if (found.status === 'gone') {
    if (indexed === undefined) return { change: 'unchanged' };
    if (write) {
      await index.deleteByUri(uri);
      await settle();
    }
    return { change: 'removed' };
  }
  const fingerprint = found.eTags === undefined ? undefined : storedFingerprint({ eTags: found.eTags, tags: found.document.tags }, layout);
  const withFingerprint = fingerprint === undefined ? {} : { fingerprint };
  if (indexed === undefined) {
    if (write) {
      await index.upsert(found.document, { ...withFingerprint, expectNew: true });
      await settle();
    }
    return { change: 'added' };
  }
  // Off the common path (a changed dataset, or one indexed without a fingerprint): one look-up by URI.
  const existing = await index.findByUri(uri);
  const kept = index.keptForm?.(found.document) ?? found.document;
  if (existing !== undefined && sameDocument(existing, kept)) {
    // The same document: only the fingerprint that would have spared this read is stored.
    if (write && fingerprint !== undefined && fingerprint !== indexed.fingerprint) {
      await index.upsert(found.document, withFingerprint);
      await settle();
    }
    return { change: 'unchanged' };
  }
  if (write) {
    await index.upsert(found.document, withFingerprint);
    await settle();
  }
  return { change: existing === undefined ? 'added' : 'updated' };
}

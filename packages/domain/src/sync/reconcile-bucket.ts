import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { DatasetDocument, ReadmeLayout } from '../model/dataset-document.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import type { StorageLimits } from '../parsers/storage-limits.js';
import { readDatasetDocument } from './read-dataset-document.js';
import { createSemaphore } from './semaphore.js';

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
  readonly limits?: Pick<StorageLimits, 'maxYamlBytes' | 'maxYamlDepth'>;
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
      if (options.dryRun !== true) await index.deleteByUri(uri);
      record(uri, 'removed');
    }
  }
  return { counts, failures, dryRun: options.dryRun === true };
}

async function reconcileOne(
  options: ReconcileOptions,
  location: DatasetLocation,
  uri: string,
): Promise<{ change: ReconcileChange; reason?: string }> {
  const found = await readDatasetDocument(options.reader, location, options.readmeLayout, options.limits);
  const existing = await options.index.findByUri(uri);
  if (found.status === 'not-a-dataset') return { change: 'not-a-dataset', reason: found.reason };
  if (found.status === 'gone') {
    if (existing === undefined) return { change: 'unchanged' };
    if (options.dryRun !== true) await options.index.deleteByUri(uri);
    return { change: 'removed' };
  }
  const kept = options.index.keptForm?.(found.document) ?? found.document;
  if (existing !== undefined && sameDocument(existing, kept)) return { change: 'unchanged' };
  if (options.dryRun !== true) await options.index.upsert(found.document);
  return { change: existing === undefined ? 'added' : 'updated' };
}

/** Documents compared as JSON (dates become ISO strings before the replacer sees them; key order ignored). */
function sameDocument(left: DatasetDocument, right: DatasetDocument): boolean {
  return canonicalJson(left) === canonicalJson(right);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

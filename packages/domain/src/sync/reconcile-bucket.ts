import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { ReadmeLayout } from '../model/dataset-document.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import { storedFingerprint } from '../model/stored-fingerprint.js';
import { readDatasetDocument, type ReadmeLimits } from './read-dataset-document.js';
import { sameDocument } from './same-document.js';
import { commitSync } from './commit-sync.js';
import { createListedFingerprints } from './listed-fingerprints.js';
import { createSemaphore, type Semaphore } from './semaphore.js';
import { readAhead } from './read-ahead.js';
import { releaseTickets } from './release-tickets.js';
import type { FingerprintResult } from '../ports/manifest-reader.port.js';

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

/** A dataset that needs a look at storage beyond the listings: reconciled in a ticket batch. */
interface ToRead {
  readonly location: DatasetLocation;
  readonly uri: string;
  readonly indexed: Indexed | undefined;
  /** What the listing of its prefix showed (`undefined`: nothing yet, list the dataset alone). */
  readonly listed: FingerprintResult | undefined;
}

/** Datasets whose sync tickets are taken, and looked at after the writes, in one operation each. */
const TICKET_BATCH = 16;

/**
 * Registered datasets listed ahead of the reconciliation (each a URI and what the listing of
 * its prefix showed: a few hundred bytes), so storage is listed while the index is read.
 */
const READ_AHEAD = 8192;

/**
 * Brings the index in line with every dataset registered in a bucket (a backfill, or
 * recovery from missed notifications): indexes new and changed datasets and, with `prune`,
 * removes entries whose dataset is gone. With `dryRun` it only reports what it would change.
 *
 * Its cost does not grow with the size of the index: the index is read once, in one pass
 * (each URI and its stored fingerprint), not looked up per dataset; an indexed dataset whose
 * fingerprint in the listing of its prefix (shared by many datasets) matches the stored one
 * is unchanged without any request of its own; the registration keys are streamed (listed up
 * to {@link READ_AHEAD} datasets ahead, so storage is listed while the index is read), with at
 * most `concurrency` datasets being read at once; the sync tickets of the datasets read are
 * taken and looked at in batches.
 */
export async function reconcileBucket(options: ReconcileOptions): Promise<ReconcileReport> {
  const { reader, index, bucket, baseUri, signal } = options;
  const layout = options.readmeLayout ?? 'text';
  const counts: Record<ReconcileChange, number> = { added: 0, updated: 0, unchanged: 0, removed: 0, 'not-a-dataset': 0, failed: 0 };
  const failures: { uri: string; reason: string }[] = [];
  const record = (uri: string, change: ReconcileChange, reason?: string): void => {
    counts[change] += 1;
    if (change === 'failed') failures.push({ uri, reason: reason ?? 'unknown failure' });
    options.onDataset?.(uri, change, reason);
  };
  const limit = Math.max(1, Math.floor(options.concurrency ?? 8));
  const listings = createListedFingerprints(reader, bucket);
  // Storage is listed while the index is read (the two passes overlap): until the index has
  // answered, every registered dataset's listed fingerprint is looked up; after, only those of
  // datasets indexed with one (a backfill into an empty index lists prefixes only for the
  // datasets read ahead while the index was read).
  let indexed: ReadonlyMap<string, string | undefined> | undefined;
  const registered = async function* (): AsyncGenerator<{ location: DatasetLocation; uri: string; seen: FingerprintResult | undefined }> {
    for await (const listed of reader.listDatasets(bucket)) {
      const location: DatasetLocation = { bucket, baseUri, uuid: listed.uuid, prefix: listed.prefix };
      const uri = datasetUri(location);
      const wanted = indexed === undefined || indexed.get(uri) !== undefined;
      yield { location, uri, seen: wanted ? await listings.lookUp(listed.prefix, listed.uuid) : undefined };
    }
  };
  const storage = readAhead(registered(), READ_AHEAD);
  const batches = new Set<Promise<void>>();
  const reads = createSemaphore(limit);
  let pending: ToRead[] = [];
  const launch = (batch: ToRead[]): void => {
    const task: Promise<void> = reconcileBatch(options, batch, reads, record).finally(() => batches.delete(task));
    batches.add(task);
  };
  // What is left in here at the end is indexed but no longer registered (what `prune` removes).
  let notListed = new Set<string>();
  try {
    // Both settle before either's failure is thrown: the index pass may be writing (adopting documents).
    const [pass, total] = await Promise.allSettled([
      index.readFingerprints(baseUri),
      options.onTotal === undefined ? undefined : reader.countDatasets(bucket).then(options.onTotal),
    ]);
    if (pass.status === 'rejected') throw pass.reason;
    if (total.status === 'rejected') throw total.reason;
    indexed = pass.value;
    notListed = new Set(indexed.keys());
    for await (const { location, uri, seen } of storage) {
      if (signal?.aborted === true) break;
      const fingerprint = indexed.get(uri);
      const known = indexed.has(uri) ? { fingerprint } : undefined;
      notListed.delete(uri);
      if (fingerprint !== undefined && seen?.status === 'found' && storedFingerprint(seen.fingerprint, layout) === fingerprint) {
        record(uri, 'unchanged');
        continue;
      }
      pending.push({ location, uri, indexed: known, listed: fingerprint === undefined ? undefined : seen });
      if (pending.length >= TICKET_BATCH) {
        launch(pending);
        pending = [];
      }
      // Back-pressure: no more batches waiting for a read slot than it takes to fill them.
      while (batches.size * TICKET_BATCH > 2 * limit + TICKET_BATCH) await Promise.race(batches);
    }
    if (pending.length > 0) launch(pending);
  } finally {
    await Promise.all(batches);
    await storage.return();
    await listings.close();
  }
  const interrupted = signal?.aborted === true;
  if (options.prune === true && !interrupted) {
    for (const uri of [...notListed].sort()) {
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

/**
 * Reconciles a batch of datasets under the multi-instance protocol of every sync
 * (docs/multi-instance.md): their tickets are taken in one operation before any is read, each
 * is read and written (at most `concurrency` across batches), then the latest tickets of
 * those written are read in one operation, and a dataset whose ticket is no longer the latest
 * (another instance looked at it meanwhile) is synced again by `commitSync`; the batch's
 * tickets are released at the end. A dry run writes nothing and takes no ticket.
 */
async function reconcileBatch(
  options: ReconcileOptions,
  batch: readonly ToRead[],
  reads: Semaphore,
  record: (uri: string, change: ReconcileChange, reason?: string) => void,
): Promise<void> {
  const { index, reader } = options;
  const write = options.dryRun !== true;
  let tickets: ReadonlyMap<string, string> = new Map();
  try {
    if (write) tickets = await index.takeSyncTickets(batch.map(({ uri }) => uri));
  } catch (error) {
    for (const { uri } of batch) record(uri, 'failed', reasonOf(error));
    return;
  }
  const results = await Promise.all(
    batch.map((dataset) =>
      reads.run(() => reconcileOne(options, dataset, write)).catch((error: unknown) => ({ change: 'failed' as const, reason: reasonOf(error), wrote: false })),
    ),
  );
  const written = batch.filter((_, position) => results[position]?.wrote === true);
  const failedAgain = new Map<string, string>();
  try {
    const latest = written.length === 0 ? new Map<string, string>() : await index.latestSyncTickets(written.map(({ uri }) => uri));
    for (const dataset of written) {
      const ticket = tickets.get(dataset.uri);
      if (ticket === undefined || latest.get(dataset.uri) === ticket) continue;
      // Each on its own: one that fails must not leave the others' possibly stale writes standing.
      await commitSync(index, reader, dataset.location, options.readmeLayout, options.limits).catch((error: unknown) => {
        failedAgain.set(dataset.uri, reasonOf(error));
      });
    }
  } catch (error) {
    for (const [position, { uri }] of batch.entries()) {
      const result = results[position];
      record(uri, result?.wrote === true ? 'failed' : (result?.change ?? 'failed'), reasonOf(error));
    }
    return;
  } finally {
    await releaseTickets(index, tickets);
  }
  for (const [position, { uri }] of batch.entries()) {
    const result = results[position];
    const failure = failedAgain.get(uri);
    if (failure !== undefined) record(uri, 'failed', failure);
    else if (result !== undefined) record(uri, result.change, result.reason);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads one dataset and, unless a dry run, writes what changed; says whether it wrote. */
async function reconcileOne(
  options: ReconcileOptions,
  { location, uri, indexed, listed }: ToRead,
  write: boolean,
): Promise<{ change: ReconcileChange; reason?: string; wrote: boolean }> {
  const { index, reader } = options;
  const layout = options.readmeLayout ?? 'text';
  if (indexed?.fingerprint !== undefined && listed === undefined) {
    // The listing of the prefix could not tell (see ListedFingerprints.lookUp): this dataset's own.
    const alone = await reader.readFingerprint(location);
    if (alone.status === 'found' && storedFingerprint(alone.fingerprint, layout) === indexed.fingerprint) return { change: 'unchanged', wrote: false };
  }
  const found = await readDatasetDocument(reader, location, layout, options.limits);
  if (found.status === 'not-a-dataset') return { change: 'not-a-dataset', reason: found.reason, wrote: false };
  if (found.status === 'gone') {
    if (indexed === undefined) return { change: 'unchanged', wrote: false };
    if (write) await index.deleteByUri(uri);
    return { change: 'removed', wrote: write };
  }
  const fingerprint = found.eTags === undefined ? undefined : storedFingerprint({ eTags: found.eTags, tags: found.document.tags }, layout);
  const withFingerprint = fingerprint === undefined ? {} : { fingerprint };
  if (indexed === undefined) {
    if (write) await index.upsert(found.document, { ...withFingerprint, expectNew: true });
    return { change: 'added', wrote: write };
  }
  // Off the common path (a changed dataset, or one indexed without a fingerprint): one look-up by URI.
  const existing = await index.findByUri(uri);
  const kept = index.keptForm?.(found.document) ?? found.document;
  if (existing !== undefined && sameDocument(existing, kept)) {
    // The same document: only the fingerprint that would have spared this read is stored.
    const refresh = write && fingerprint !== undefined && fingerprint !== indexed.fingerprint;
    if (refresh) await index.upsert(found.document, withFingerprint);
    return { change: 'unchanged', wrote: refresh };
  }
  if (write) await index.upsert(found.document, withFingerprint);
  return { change: existing === undefined ? 'added' : 'updated', wrote: write };
}

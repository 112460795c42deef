import { reconcileBucket, type ReconcileChange, type ReconcileOptions, type ReconcileReport } from '@dtool-notify/domain';
import { readRuntimeConfig } from '../config/runtime-config.js';
import { createLogger } from '../compose/create-logger.js';
import { createAdapters, type Adapters } from '../compose/create-adapters.js';
import { createProgressLine } from './progress-line.js';
import { parseCommandArgs, printConfigProblems, reportingUsageErrors, UsageError } from './usage-error.js';

/**
 * Datasets in hand at once. Measured with MinIO and FerretDB on 2 cores: 8 leaves both
 * waiting on round trips (42 datasets/s), 32 keeps them busy (59/s); each dataset has at
 * most 4 requests in flight, so S3 sees at most 128.
 */
const DEFAULT_CONCURRENCY = 32;

/** Exit code of a sync stopped by Ctrl-C (128 + SIGINT), as shells report it. */
const INTERRUPTED = 130;

/**
 * `dtool-notify sync <bucket|base-uri>|--all [--prune] [--dry-run] [--json] [--concurrency <n>]`: indexes every
 * registered dataset of a bucket (a backfill) or checks that the index still matches it.
 * Exit code 0 when nothing failed, 1 otherwise, 130 when stopped by Ctrl-C (the datasets
 * under way finish; a rerun continues where it stopped).
 */
export function runSync(args: string[]): Promise<number> {
  return reportingUsageErrors('sync', async () => {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        prune: { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        all: { type: 'boolean' },
        concurrency: { type: 'string' },
      },
    });
    const concurrency = Number(values.concurrency ?? DEFAULT_CONCURRENCY);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
      throw new UsageError(`--concurrency takes a whole number from 1 to 256; got "${values.concurrency ?? ''}"`);
    }
    const all = values.all === true;
    if (all ? positionals.length !== 0 : positionals.length !== 1) {
      throw new UsageError('name one bucket or base URI, e.g. "dtool-notify sync s3://my-bucket", or --all for every configured bucket');
    }
    const config = readRuntimeConfig(process.env);
    if (!config.ok) {
      printConfigProblems(config.problems);
      return 2;
    }
    const buckets = config.value.service.bucketToBaseUri;
    const targets = all ? [...buckets].map(([bucket, baseUri]) => ({ bucket, baseUri })) : [resolveTarget(positionals[0] ?? '', buckets)];
    const logger = createLogger('warn', process.stderr);
    // Its pass over each base URI adopts the documents keyed otherwise: no scan of the whole collection first.
    const adapters = await createAdapters(config.value, logger, { adoptAtStartUp: false });
    const stop = { aborted: false };
    const interrupt = (): void => {
      if (stop.aborted) process.exit(INTERRUPTED);
      stop.aborted = true;
      process.stderr.write('\nstopping: finishing the datasets under way (Ctrl-C again to quit at once; a rerun continues)\n');
    };
    process.on('SIGINT', interrupt);
    let failed = false;
    try {
      for (const target of targets) {
        if (stop.aborted) break;
        const report = await syncBucket(adapters, target, {
          prune: values.prune === true,
          dryRun: values['dry-run'] === true,
          json: values.json === true,
          readmeLayout: config.value.service.readmeLayout,
          limits: config.value.service.storageLimits,
          concurrency,
          signal: stop,
        });
        failed ||= report.counts.failed > 0;
      }
    } finally {
      process.off('SIGINT', interrupt);
      await adapters.index.close();
      adapters.reader.close();
    }
    return stop.aborted ? INTERRUPTED : failed ? 1 : 0;
  });
}

interface SyncSettings {
  readonly prune: boolean;
  readonly dryRun: boolean;
  readonly json: boolean;
  readonly readmeLayout: 'text' | 'parsed-yaml';
  readonly limits: ReconcileOptions['limits'];
  readonly concurrency: number;
  readonly signal: { readonly aborted: boolean };
}

/** Syncs one bucket and prints its outcome: the changes, the failures with their reasons, one summary (or JSON) line. */
async function syncBucket({ index, reader }: Adapters, target: { bucket: string; baseUri: string }, settings: SyncSettings): Promise<ReconcileReport> {
  const { dryRun, json } = settings;
  const progress = createProgressLine(process.stderr, { label: target.baseUri });
  const changes: { uri: string; change: ReconcileChange; reason?: string }[] = [];
  reader.resetStats();
  const indexBefore = index.stats();
  const report = await reconcileBucket({
    reader,
    index,
    ...target,
    prune: settings.prune,
    dryRun,
    readmeLayout: settings.readmeLayout,
    ...(settings.limits === undefined ? {} : { limits: settings.limits }),
    concurrency: settings.concurrency,
    signal: settings.signal,
    ...(process.stderr.isTTY ? { onTotal: (total: number) => progress.total(total) } : {}),
    onDataset: (uri, change, reason) => {
      progress.tick(change);
      // Kept only to be printed: a plain backfill of millions keeps only the failures.
      if (change === 'unchanged' || !(json || dryRun)) return;
      changes.push(reason === undefined ? { uri, change } : { uri, change, reason });
    },
  });
  progress.done();
  const indexAfter = index.stats();
  const costs = {
    s3Requests: reader.stats().requests,
    s3RequestsByOperation: reader.stats().requestsByOperation,
    indexReads: indexAfter.reads - indexBefore.reads,
    indexWrites: indexAfter.writes - indexBefore.writes,
  };
  if (json) {
    process.stdout.write(`${JSON.stringify({ baseUri: target.baseUri, ...report, changes, costs })}\n`);
    return report;
  }
  for (const { uri, change, reason } of changes) {
    if (change === 'failed') continue;
    if (dryRun) process.stdout.write(`${describeDryRun(change)} ${uri}${reason === undefined ? '' : ` (${reason})`}\n`);
  }
  for (const { uri, reason } of report.failures) process.stderr.write(`failed ${uri}: ${reason}\n`);
  process.stdout.write(`${summarize(target.baseUri, report)}\n`);
  return report;
}

function resolveTarget(argument: string, buckets: ReadonlyMap<string, string>): { bucket: string; baseUri: string } {
  const byName = buckets.get(argument);
  if (byName !== undefined) return { bucket: argument, baseUri: byName };
  for (const [bucket, baseUri] of buckets) if (baseUri === argument.replace(/\/+$/, '')) return { bucket, baseUri };
  throw new UsageError(`"${argument}" is neither a configured bucket nor its base URI (configured: ${[...buckets.keys()].join(', ')})`);
}

function describeDryRun(change: ReconcileChange): string {
  const words: Record<ReconcileChange, string> = {
    added: 'would add',
    updated: 'would update',
    removed: 'would remove',
    unchanged: 'unchanged',
    'not-a-dataset': 'not a dataset',
    failed: 'failed',
  };
  return words[change];
}

/** One line always printed: what the sync did (or would do). */
function summarize(baseUri: string, report: ReconcileReport): string {
  const { counts } = report;
  const verb = report.interrupted ? 'interrupted: rerun to continue' : report.dryRun ? 'dry run, nothing written' : 'done';
  return (
    `sync ${baseUri}: ${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged, ` +
    `${counts.removed} removed, ${counts['not-a-dataset']} not datasets, ${counts.failed} failed (${verb})`
  );
}

import { reconcileBucket, type ReconcileChange, type ReconcileReport } from '@dtool-notify/domain';
import { readRuntimeConfig } from '../config/runtime-config.js';
import { createLogger } from '../compose/create-logger.js';
import { createAdapters } from '../compose/create-adapters.js';
import { createProgressLine } from './progress-line.js';
import { parseCommandArgs, printConfigProblems, reportingUsageErrors, UsageError } from './usage-error.js';

/**
 * `dtool-notify sync <bucket|base-uri> [--prune] [--dry-run] [--json]`: recovers from missed
 * notifications by reconciling every registered dataset of a bucket with the index.
 * Exit code 0 when nothing failed, 1 otherwise.
 */
export function runSync(args: string[]): Promise<number> {
  return reportingUsageErrors('sync', async () => {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: { prune: { type: 'boolean' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
    });
    if (positionals.length !== 1) throw new UsageError('name one bucket or base URI, e.g. "dtool-notify sync s3://my-bucket"');
    const config = readRuntimeConfig(process.env);
    if (!config.ok) {
      printConfigProblems(config.problems);
      return 2;
    }
    const target = resolveTarget(positionals[0] ?? '', config.value.service.bucketToBaseUri);
    const logger = createLogger('warn', process.stderr);
    const { index, reader } = await createAdapters(config.value, logger);
    const progress = createProgressLine(process.stderr);
    const dryRun = values['dry-run'] === true;
    const json = values.json === true;
    const changes: { uri: string; change: ReconcileChange; reason?: string }[] = [];
    try {
      const report = await reconcileBucket({
        reader,
        index,
        ...target,
        prune: values.prune === true,
        dryRun,
        readmeLayout: config.value.service.readmeLayout,
        limits: config.value.service.storageLimits,
        concurrency: config.value.service.maxConcurrentSyncs,
        onDataset: (uri, change, reason) => {
          progress.tick(`${uri} ${change}`);
          if (change === 'unchanged') return;
          changes.push(reason === undefined ? { uri, change } : { uri, change, reason });
          if (json) return;
          if (dryRun) process.stdout.write(`${describeDryRun(change)} ${uri}${reason === undefined ? '' : ` (${reason})`}\n`);
          else if (change === 'failed') process.stderr.write(`failed ${uri}: ${reason ?? ''}\n`);
        },
      });
      progress.done();
      process.stdout.write(json ? `${JSON.stringify({ baseUri: target.baseUri, ...report, changes })}\n` : `${summarize(target.baseUri, report)}\n`);
      return report.counts.failed > 0 ? 1 : 0;
    } finally {
      await index.close();
    }
  });
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
  const verb = report.dryRun ? 'dry run, nothing written' : 'done';
  return (
    `sync ${baseUri}: ${counts.added} added, ${counts.updated} updated, ${counts.unchanged} unchanged, ` +
    `${counts.removed} removed, ${counts['not-a-dataset']} not datasets, ${counts.failed} failed (${verb})`
  );
}

import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { wallClockMs, type BenchContext } from './bench-context.js';
import { figure, type Figure } from './figures.js';

/** One `dtool-notify sync` run as measured from outside. */
export interface SyncRun {
  readonly seconds: number;
  readonly datasetsPerSecond: number;
  /** CPU seconds of the CLI process, the MongoDB-protocol server and MinIO during the run. */
  readonly serviceCpuSeconds: number;
  readonly databaseCpuSeconds: number;
  readonly storageCpuSeconds: number;
  readonly s3RequestsPerDataset: number;
  /** GETs of anything but a registration key: README, manifest, annotation bodies. */
  readonly bodyReadsPerDataset: number;
  readonly indexReadsPerDataset: number;
  readonly indexWritesPerDataset: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** A full backfill of `datasets` datasets into an empty index, then the verification of that index. */
export interface BackfillResult {
  readonly datasets: number;
  readonly full: SyncRun;
  readonly verification: SyncRun;
}

/** What `sync --json` prints (the part the benchmark reads). */
interface SyncJson {
  readonly counts: Readonly<Record<string, number>>;
  readonly costs: { readonly s3Requests: number; readonly s3RequestsByOperation: Readonly<Record<string, number>>; readonly indexReads: number; readonly indexWrites: number };
}

const ITEMS = 3;

/**
 * The backfill scenario: for each size, a bucket of that many small datasets that no
 * notification announced, a fresh index (its own database), `dtool-notify sync` run as an
 * operator runs it (the built CLI, a child process), then run again on the complete index.
 */
export async function runBackfill(context: BenchContext, sizes: readonly number[]): Promise<{ results: BackfillResult[]; figures: Figure[] }> {
  const results: BackfillResult[] = [];
  for (const size of sizes) {
    process.stderr.write(`[bench] backfill: writing ${size} datasets\n`);
    const bucket = `backfill-${size}`;
    await writeBucket(context, bucket, size);
    process.stderr.write(`[bench] backfill: syncing ${size} datasets\n`);
    const env = syncEnvironment(context, bucket, `backfill_${size}`);
    const full = await runSync(context, bucket, env, size);
    const verification = await runSync(context, bucket, env, size);
    if (full.counts['added'] !== size || verification.counts['unchanged'] !== size) {
      throw new Error(`backfill of ${size}: expected ${size} added then ${size} unchanged, got ${JSON.stringify(full.counts)} then ${JSON.stringify(verification.counts)}`);
    }
    results.push({ datasets: size, full, verification });
  }
  return { results, figures: backfillFigures(results) };
}

async function writeBucket(context: BenchContext, bucket: string, size: number): Promise<void> {
  await context.writer.send(new CreateBucketCommand({ Bucket: bucket }));
  const storage = createS3DatasetStorage(context.writer, bucket);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < size) {
      next += 1;
      await writeDataset(storage, buildDataset({ bucket, prefix: 'u/bench/', items: ITEMS }));
    }
  };
  await Promise.all(Array.from({ length: Math.ceil(context.options.writeConcurrency / 4) }, worker));
}

function syncEnvironment(context: BenchContext, bucket: string, database: string): Record<string, string> {
  const { s3 } = context.stack;
  return {
    PATH: process.env['PATH'] ?? '',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...context.serviceEnv,
    DSERVER_NOTIFY_BUCKET_TO_BASE_URI: JSON.stringify({ [bucket]: `s3://${bucket}` }),
    [`DTOOL_S3_ENDPOINT_${bucket}`]: s3.endpoint,
    [`DTOOL_S3_ACCESS_KEY_ID_${bucket}`]: s3.accessKeyId,
    [`DTOOL_S3_SECRET_ACCESS_KEY_${bucket}`]: s3.secretAccessKey,
    SEARCH_MONGO_DB: database,
  };
}

async function runSync(context: BenchContext, bucket: string, env: Record<string, string>, size: number): Promise<SyncRun> {
  const databasePid = context.stack.mongo.pid;
  const storagePid = context.stack.minio.pid;
  const databaseBefore = databasePid === null ? 0 : processCpuSeconds(databasePid);
  const storageBefore = storagePid === null ? 0 : processCpuSeconds(storagePid);
  const childrenBefore = childrenCpuSeconds();
  const started = wallClockMs();
  const { stdout } = await promisify(execFile)(process.execPath, [context.programs.cli, 'sync', bucket, '--json'], { env, maxBuffer: 256 * 1024 * 1024 });
  const seconds = (wallClockMs() - started) / 1000;
  const report = JSON.parse(stdout) as SyncJson;
  const { costs } = report;
  const gets = costs.s3RequestsByOperation['GetObject'] ?? 0;
  return {
    seconds,
    datasetsPerSecond: size / seconds,
    serviceCpuSeconds: childrenCpuSeconds() - childrenBefore,
    databaseCpuSeconds: databasePid === null ? Number.NaN : processCpuSeconds(databasePid) - databaseBefore,
    storageCpuSeconds: storagePid === null ? Number.NaN : processCpuSeconds(storagePid) - storageBefore,
    s3RequestsPerDataset: costs.s3Requests / size,
    // Every dataset here sits under one prefix: one GET of a registration key reads it (the
    // others have the same ETag); every other GET reads a README, manifest or annotation.
    bodyReadsPerDataset: (gets - 1) / size,
    indexReadsPerDataset: costs.indexReads / size,
    indexWritesPerDataset: costs.indexWrites / size,
    counts: report.counts,
  };
}

function backfillFigures(results: readonly BackfillResult[]): Figure[] {
  const figures: Figure[] = [];
  for (const { datasets, full, verification } of results) {
    const scenario = `backfill ${datasets}`;
    figures.push(
      figure(scenario, 'full sync', full.datasetsPerSecond, 'datasets/s', { atLeast: 50 }),
      figure(scenario, 'full sync wall time', full.seconds, 's'),
      figure(scenario, 'full sync S3 requests', full.s3RequestsPerDataset, '/dataset'),
      figure(scenario, 'full sync index commands (reads + writes)', full.indexReadsPerDataset + full.indexWritesPerDataset, '/dataset'),
      figure(scenario, 'full sync CPU, sync process', full.serviceCpuSeconds, 's'),
      figure(scenario, 'full sync CPU, database server', full.databaseCpuSeconds, 's'),
      figure(scenario, 'full sync CPU, MinIO', full.storageCpuSeconds, 's'),
      figure(scenario, 'verification', verification.datasetsPerSecond, 'datasets/s'),
      figure(scenario, 'verification speed-up over full sync', full.seconds / verification.seconds, '×', { atLeast: 5 }),
      figure(scenario, 'verification S3 requests', verification.s3RequestsPerDataset, '/dataset'),
      figure(scenario, 'verification README/manifest/annotation reads', verification.bodyReadsPerDataset, '/dataset', { atMost: 0 }),
      figure(scenario, 'verification index writes', verification.indexWritesPerDataset, '/dataset', { atMost: 0 }),
      figure(scenario, 'verification CPU, sync process', verification.serviceCpuSeconds, 's'),
      figure(scenario, 'verification CPU, database server', verification.databaseCpuSeconds, 's'),
      figure(scenario, 'verification CPU, MinIO', verification.storageCpuSeconds, 's'),
    );
  }
  const smallest = results[0];
  const largest = results.at(-1);
  if (smallest !== undefined && largest !== undefined && largest !== smallest) {
    const perDataset = (run: SyncRun, size: number): number => run.seconds / size;
    figures.push(
      figure(
        `backfill ${smallest.datasets}→${largest.datasets}`,
        'growth of per-dataset wall time, full sync',
        perDataset(largest.full, largest.datasets) / perDataset(smallest.full, smallest.datasets),
        '×',
        { atMost: 1.3 },
      ),
      figure(
        `backfill ${smallest.datasets}→${largest.datasets}`,
        'growth of per-dataset wall time, verification',
        perDataset(largest.verification, largest.datasets) / perDataset(smallest.verification, smallest.datasets),
        '×',
      ),
    );
  }
  return figures;
}

/** CPU seconds (user + system) of a process, from /proc (Linux). */
function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** CPU seconds of this process's finished children (the CLI runs), from /proc (Linux). */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

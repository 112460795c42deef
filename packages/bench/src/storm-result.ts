import type { BuiltDataset } from '@dtool-notify/testkit';
import type { BenchContext } from './bench-context.js';
import type { StormCase } from './bench-options.js';
import { percentile } from '@dtool-notify/dev-stack';
import { figure, type Figure } from './figures.js';
import type { HostStats } from './service-host.js';

/** Annotations and tags of every uploaded dataset. */
export const ANNOTATIONS = { project: 'bench', kind: 'storm' } as const;
export const TAGS = ['raw', 'bench'];

/** The figures of one upload-storm run. */
export interface StormResult {
  readonly datasets: number;
  readonly items: number;
  readonly objectsWritten: number;
  readonly writeSeconds: number;
  readonly notificationsReceived: number;
  readonly fullReads: { readonly total: number; readonly maxPerDataset: number };
  readonly s3RequestsPerDataset: { readonly mean: number; readonly max: number; readonly worst: { readonly requests: number; readonly bound: number } };
  readonly s3BytesPerDataset: { readonly mean: number; readonly max: number };
  readonly s3ByOperation: Readonly<Record<string, number>>;
  readonly mongoWrites: number;
  readonly connectionsAccepted: number;
  /** Most notifications written but not yet received at once, sampled every 250 ms: MinIO's queue. */
  readonly maxNotificationBacklog: number;
  /** Notifications received per second after the upload ended (MinIO draining its queue); NaN when none was left. */
  readonly deliveryRateAfterUpload: number;
  readonly indexedAfterFinalWriteMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /** Of that time, the handling of the notification that indexed the dataset (the rest: waiting in MinIO's queue). */
  readonly indexingNotificationMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly serviceCpuSeconds: number;
  /** Time the service took to answer a notification (headers in → response out). */
  readonly serviceTimeMs: { readonly mean: number; readonly p50: number; readonly p99: number; readonly max: number };
  readonly documentsFound: number;
}

/** How the upload went, as the uploader saw it. */
export interface UploadFigures {
  readonly objectsWritten: number;
  readonly writeSeconds: number;
  readonly maxBacklog: number;
  readonly rateAfterUpload: number;
}

/** The run's figures from the service's stats, the upload times and the index itself. */
export async function summarize(
  context: BenchContext,
  stormCase: StormCase,
  datasets: readonly BuiltDataset[],
  stats: HostStats,
  finalWriteAt: ReadonlyMap<string, number>,
  upload: UploadFigures,
): Promise<StormResult> {
  const { objectsWritten, writeSeconds } = upload;
  const { baseUri } = context.stack;
  const perDataset = datasets.map((dataset) => stats.s3[dataset.uuid] ?? { requests: 0, bytes: 0, fullReads: 0, listings: 0, byOperation: {} });
  const byOperation: Record<string, number> = {};
  for (const entry of perDataset) for (const [operation, count] of Object.entries(entry.byOperation)) byOperation[operation] = (byOperation[operation] ?? 0) + count;
  const worst = perDataset
    .map((entry) => ({ requests: entry.requests, bound: 6 + Object.keys(ANNOTATIONS).length + entry.listings }))
    .reduce((a, b) => (b.requests - b.bound > a.requests - a.bound ? b : a));
  const handling = datasets.map((dataset) => stats.indexingMs[`${baseUri}/${dataset.uuid}`] ?? Number.NaN);
  const latencies = datasets.map((dataset) => (stats.indexedAt[`${baseUri}/${dataset.uuid}`] ?? Number.NaN) - (finalWriteAt.get(dataset.uuid) ?? Number.NaN));
  const documentsFound = await context.mongo
    .db('dtool_info')
    .collection('datasets')
    .countDocuments({ uri: { $in: datasets.map((dataset) => `${baseUri}/${dataset.uuid}`) }, type: 'dataset' });
  const mean = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0) / values.length;
  return {
    datasets: stormCase.datasets,
    items: stormCase.items,
    objectsWritten,
    writeSeconds,
    notificationsReceived: stats.process.requestsReceived,
    fullReads: { total: perDataset.reduce((sum, entry) => sum + entry.fullReads, 0), maxPerDataset: Math.max(...perDataset.map((entry) => entry.fullReads)) },
    s3RequestsPerDataset: { mean: mean(perDataset.map((entry) => entry.requests)), max: Math.max(...perDataset.map((entry) => entry.requests)), worst },
    s3BytesPerDataset: { mean: mean(perDataset.map((entry) => entry.bytes)), max: Math.max(...perDataset.map((entry) => entry.bytes)) },
    s3ByOperation: byOperation,
    mongoWrites: stats.mongoWrites,
    connectionsAccepted: stats.connectionsAccepted,
    maxNotificationBacklog: upload.maxBacklog,
    deliveryRateAfterUpload: upload.rateAfterUpload,
    indexedAfterFinalWriteMs: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: Math.max(...latencies) },
    indexingNotificationMs: { p50: percentile(handling, 0.5), p99: percentile(handling, 0.99), max: Math.max(...handling) },
    serviceCpuSeconds: stats.process.cpuSeconds,
    serviceTimeMs: stats.process.serverTimeMs,
    documentsFound,
  };
}

/** The table lines of one run; the p99 target applies to the target run only. */
export function stormFigures(stormCase: StormCase, result: StormResult): Figure[] {
  const name = `storm ${result.datasets}×${result.items}${stormCase.target ? ' (target)' : ''}`;
  const latency = result.indexedAfterFinalWriteMs;
  return [
    figure(name, `notifications received (of ${result.objectsWritten} objects written)`, result.notificationsReceived, 'requests', { atLeast: result.objectsWritten }),
    figure(name, 'documents indexed', result.documentsFound, 'documents', { atLeast: result.datasets }),
    figure(name, 'full reads per dataset (max)', result.fullReads.maxPerDataset, 'reads', { atMost: 2 }),
    figure(name, `S3 requests per dataset (worst vs 6 + ${Object.keys(ANNOTATIONS).length} annotations + listing pages)`, result.s3RequestsPerDataset.worst.requests, 'requests', {
      atMost: result.s3RequestsPerDataset.worst.bound,
    }),
    figure(name, 'S3 bytes received per dataset (mean)', result.s3BytesPerDataset.mean / 1024, 'KiB'),
    figure(name, 'MongoDB writes per dataset', result.mongoWrites / result.datasets, 'writes'),
    figure(name, 'indexed after final dtool write p50', latency.p50, 'ms'),
    figure(name, 'indexed after final dtool write p99', latency.p99, 'ms', stormCase.target ? { atMost: 100 } : undefined),
    figure(name, 'indexed after final dtool write max', latency.max, 'ms'),
    figure(name, '  of which handling the indexing notification p99', result.indexingNotificationMs.p99, 'ms'),
    figure(name, 'notifications queued in MinIO (max)', result.maxNotificationBacklog, 'notifications'),
    figure(name, 'time to answer a notification p50', result.serviceTimeMs.p50, 'ms'),
    figure(name, 'time to answer a notification p99', result.serviceTimeMs.p99, 'ms'),
    figure(name, 'service CPU', result.serviceCpuSeconds, 's'),
    figure(name, 'service CPU per notification', (result.serviceCpuSeconds * 1e6) / result.notificationsReceived, 'µs'),
  ];
}

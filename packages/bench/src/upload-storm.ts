import { join } from 'node:path';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { profiling, wallClockMs, type BenchContext } from './bench-context.js';
import type { StormCase } from './bench-options.js';
import type { Figure } from './figures.js';
import type { HostStats } from './service-host.js';
import { startBenchmarkedServer, type BenchmarkedServer } from './benchmarked-server.js';
import { ANNOTATIONS, stormFigures, summarize, TAGS, type StormResult } from './storm-result.js';

export type { StormResult } from './storm-result.js';

/** M datasets of N items written at once into the bucket; the service (a child process) indexes them. */
export async function runUploadStorm(context: BenchContext, cases: readonly StormCase[]): Promise<{ results: StormResult[]; figures: Figure[] }> {
  const host = await startBenchmarkedServer({
    nodeArgs: [],
    script: context.programs.host,
    env: context.serviceEnv,
    port: context.servicePort,
    logFile: join(context.logDirectory, 'storm-service.log'),
    ...profiling(context),
  });
  const results: StormResult[] = [];
  const figures: Figure[] = [];
  try {
    await warmUp(context, host);
    for (const stormCase of cases) {
      process.stderr.write(`[bench] upload storm: ${stormCase.datasets} × ${stormCase.items} items\n`);
      const result = await runCase(context, host, stormCase);
      results.push(result);
      figures.push(...stormFigures(stormCase, result));
    }
  } finally {
    await host.stop();
  }
  return { results, figures };
}

async function runCase(context: BenchContext, host: BenchmarkedServer, stormCase: StormCase): Promise<StormResult> {
  const { stack } = context;
  // Every run starts from an empty index: the local MongoDB-protocol server (FerretDB on SQLite)
  // scans the whole collection for each look-up, so documents left by an earlier run would
  // slow this one down for reasons that have nothing to do with it.
  await context.mongo.db('dtool_info').collection('datasets').deleteMany({});
  await host.reset();
  const datasets = Array.from({ length: stormCase.datasets }, () =>
    buildDataset({
      bucket: stack.bucket,
      prefix: 'u/bench/',
      items: stormCase.items,
      tags: TAGS,
      annotations: ANNOTATIONS,
    }),
  );
  const bucketStorage = createS3DatasetStorage(context.writer, stack.bucket);
  const uploadStart = wallClockMs();
  let written = 0;
  let putsStarted = 0;
  const interval = context.options.writeRate > 0 ? 1000 / context.options.writeRate : 0;
  const storage = {
    ...bucketStorage,
    put: async (object: Parameters<typeof bucketStorage.put>[0]) => {
      // With --write-rate, the n-th PUT of the run starts no earlier than n / rate seconds in.
      const wait = uploadStart + (putsStarted += 1) * interval - wallClockMs();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      await bucketStorage.put(object);
      written += 1;
    },
  };
  let maxBacklog = 0;
  const sampler = setInterval(() => {
    void host.stats<HostStats>().then((stats) => {
      maxBacklog = Math.max(maxBacklog, written - stats.process.requestsReceived);
    });
  }, 250);
  const concurrency = Math.max(1, Math.ceil(context.options.writeConcurrency / stormCase.datasets));
  const finalWriteAt = new Map<string, number>();
  await Promise.all(
    datasets.map(async (dataset) => {
      await writeDataset(storage, dataset, { concurrency });
      finalWriteAt.set(dataset.uuid, wallClockMs());
    }),
  );
  clearInterval(sampler);
  const uploaded = wallClockMs();
  const writeSeconds = (uploaded - uploadStart) / 1000;
  const receivedByThen = (await host.stats<HostStats>()).process.requestsReceived;
  const objectsWritten = datasets.reduce((sum, dataset) => sum + dataset.objects.length, 0);
  const stats = await waitUntilSettled(host, datasets.map((dataset) => `${stack.baseUri}/${dataset.uuid}`), objectsWritten);
  const drained = stats.process.requestsReceived - receivedByThen;
  const drainSeconds = (stats.receivedLastAt - uploaded) / 1000;
  const delivery = {
    maxBacklog: Math.max(maxBacklog, objectsWritten - receivedByThen),
    rateAfterUpload: drained > 0 && drainSeconds > 0 ? drained / drainSeconds : Number.NaN,
  };
  return summarize(context, stormCase, datasets, stats, finalWriteAt, { objectsWritten, writeSeconds, ...delivery });
}

/**
 * One small upload first, so the runs measure the service as it runs for days rather than its
 * first seconds (a cold service answers its first notifications slowly enough that a small
 * upload can finish before the first sync reads it, which then reads it a second time).
 */
async function warmUp(context: BenchContext, host: BenchmarkedServer): Promise<void> {
  const dataset = buildDataset({ bucket: context.stack.bucket, prefix: 'u/warm-up/', items: 1 });
  await writeDataset(createS3DatasetStorage(context.writer, context.stack.bucket), dataset);
  await waitUntilSettled(host, [`${context.stack.baseUri}/${dataset.uuid}`], dataset.objects.length);
}

/** Waits until every dataset is indexed and every notification arrived (or none came for 3 s). */
async function waitUntilSettled(host: BenchmarkedServer, uris: readonly string[], expectedNotifications: number): Promise<HostStats> {
  const deadline = Date.now() + Math.max(120_000, expectedNotifications * 10);
  let last = -1;
  let quietSince = Date.now();
  for (;;) {
    const stats = await host.stats<HostStats>();
    const received = stats.process.requestsReceived;
    if (received !== last) {
      last = received;
      quietSince = Date.now();
    }
    const allIndexed = uris.every((uri) => stats.indexedAt[uri] !== undefined);
    if (allIndexed && (received >= expectedNotifications || Date.now() - quietSince > 3000)) return stats;
    if (Date.now() > deadline) throw new Error(`upload storm: only ${uris.filter((uri) => stats.indexedAt[uri] !== undefined).length} of ${uris.length} datasets indexed in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}


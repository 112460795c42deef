import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDataset, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage, createTestS3Client } from '@dtool-notify/testkit/s3';
import { percentile, startLocalStack, type KafkaHandle } from '@dtool-notify/dev-stack';
import { wallClockMs, type BenchContext } from './bench-context.js';
import { figure, type Figure } from './figures.js';
import { APPEND_TIME_CONFIG, readAppendTimes } from './kafka-append-times.js';
import { createTopic, partitionsHeld, sleep, startCli, type CliProcess } from './kafka-processes.js';
import { ANNOTATIONS, TAGS } from './storm-result.js';

/** How notifications reach the service in one run. */
export interface DeliveryPath {
  readonly name: string;
  /** `webhook`: MinIO posts to `serve`; `kafka`: MinIO publishes, `consumers` × `consume` read. */
  readonly via: 'webhook' | 'kafka';
  readonly queueDir?: boolean;
  readonly consumers?: number;
  /** MinIO's `GOMAXPROCS`, which is also how many notifications it sends at once (default: the cores, 2 here). */
  readonly minioSendWorkers?: number;
}

/** The figures of one path. */
export interface PathResult {
  readonly path: string;
  readonly objectsWritten: number;
  readonly writeSeconds: number;
  readonly indexedAfterFinalWriteMs: { readonly p50: number; readonly p99: number; readonly max: number };
  /**
   * Kafka paths: of that time, from the final write until the broker appended MinIO's event of
   * it (MinIO's publishing), and from then until indexed (the consumer's part).
   */
  readonly appendedAfterFinalWriteMs?: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly indexedAfterAppendMs?: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly serviceCpuSeconds: number;
  /** Most events waiting in MinIO's queue directory (queue_dir runs only). */
  readonly maxQueuedInMinio?: number;
}

/**
 * The paths compared: MinIO's webhook without and with `queue_dir`, Kafka with 1, 2 and 3
 * consumers, and the webhook and one consumer again with MinIO sending 16 notifications at
 * once instead of one per core (its send workers are `GOMAXPROCS`, not configurable otherwise).
 */
export const DELIVERY_PATHS: readonly DeliveryPath[] = [
  { name: 'webhook', via: 'webhook' },
  { name: 'webhook + queue_dir', via: 'webhook', queueDir: true },
  { name: 'kafka, 1 consumer', via: 'kafka', consumers: 1 },
  { name: 'kafka, 2 consumers', via: 'kafka', consumers: 2 },
  { name: 'kafka, 3 consumers', via: 'kafka', consumers: 3 },
  { name: 'webhook, MinIO GOMAXPROCS=16', via: 'webhook', minioSendWorkers: 16 },
  { name: 'kafka, 1 consumer, MinIO GOMAXPROCS=16', via: 'kafka', consumers: 1, minioSendWorkers: 16 },
];

/** The same storm (`datasets` × `items`) through each path, each with its own MinIO, index and service processes. */
export async function runKafkaStorms(context: BenchContext, kafka: KafkaHandle, size: { datasets: number; items: number }): Promise<{ results: PathResult[]; figures: Figure[] }> {
  const results: PathResult[] = [];
  for (const [position, path] of DELIVERY_PATHS.entries()) {
    process.stderr.write(`[bench] storm ${size.datasets} × ${size.items} through ${path.name}\n`);
    results.push(await runPath(context, kafka, path, size, position));
  }
  const figures = results.flatMap((result) => {
    const name = `${size.datasets}×${size.items} via ${result.path}`;
    const kafkaTarget = result.path.startsWith('kafka') ? { atMost: 500 } : undefined;
    return [
      figure(name, 'indexed after final dtool write p50', result.indexedAfterFinalWriteMs.p50, 'ms'),
      figure(name, 'indexed after final dtool write p99', result.indexedAfterFinalWriteMs.p99, 'ms', kafkaTarget),
      figure(name, 'indexed after final dtool write max', result.indexedAfterFinalWriteMs.max, 'ms'),
      ...(result.appendedAfterFinalWriteMs === undefined ? [] : [
        figure(name, 'of which: final write → in Kafka p50', result.appendedAfterFinalWriteMs.p50, 'ms'),
        figure(name, 'of which: final write → in Kafka p99', result.appendedAfterFinalWriteMs.p99, 'ms'),
      ]),
      ...(result.indexedAfterAppendMs === undefined ? [] : [
        figure(name, 'of which: in Kafka → indexed p50', result.indexedAfterAppendMs.p50, 'ms'),
        figure(name, 'of which: in Kafka → indexed p99', result.indexedAfterAppendMs.p99, 'ms'),
      ]),
      figure(name, 'upload time', result.writeSeconds, 's'),
      figure(name, 'service CPU (all processes)', result.serviceCpuSeconds, 's'),
      ...(result.maxQueuedInMinio === undefined ? [] : [figure(name, 'events queued in MinIO (max)', result.maxQueuedInMinio, 'events')]),
    ];
  });
  return { results, figures };
}

async function runPath(context: BenchContext, kafka: KafkaHandle, path: DeliveryPath, size: { datasets: number; items: number }, position: number): Promise<PathResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-bench-path-'));
  const bucket = `bench-path-${position}`;
  const topic = `bench-events-${position}`;
  if (path.via === 'kafka') await createTopic(kafka.brokers, topic, 3, [APPEND_TIME_CONFIG]);
  const stack = await startLocalStack({
    bucket,
    webhook: path.via === 'webhook',
    ...(path.queueDir === true ? { dataDir } : {}),
    ...(path.via === 'kafka' ? { kafka: { brokers: kafka.brokers, topic }, serviceEnv: { DSERVER_NOTIFY_KAFKA_GROUP_ID: `bench-${position}` } } : {}),
    ...(path.minioSendWorkers === undefined ? {} : { minioEnv: { GOMAXPROCS: String(path.minioSendWorkers) } }),
  });
  const writer = createTestS3Client(stack.s3);
  const processes: CliProcess[] = [];
  try {
    const logFile = (name: string): string => join(context.logDirectory, `${bucket}-${name}.log`);
    if (path.via === 'webhook') processes.push(startCli(context.programs.cli, 'serve', stack.serviceEnv, logFile('serve'), context.options.profileDirectory));
    else for (let index = 0; index < (path.consumers ?? 1); index += 1) processes.push(startCli(context.programs.cli, 'consume', stack.serviceEnv, logFile(`consume-${index}`), context.options.profileDirectory));
    await waitForService(processes, path);
    const storage = createS3DatasetStorage(writer, bucket);
    // Warm-up: the service's first sync is slow (connections, JIT); measure it as it runs for days.
    const warmUp = buildDataset({ bucket, prefix: 'u/warm-up/', items: 1 });
    await writeDataset(storage, warmUp);
    await waitForIndexed(processes, [`${stack.baseUri}/${warmUp.uuid}`]);
    const datasets: BuiltDataset[] = Array.from({ length: size.datasets }, () => buildDataset({ bucket, prefix: 'u/bench/', items: size.items, tags: TAGS, annotations: ANNOTATIONS }));
    const cpuBefore = processes.reduce((sum, child) => sum + child.cpuSeconds(), 0);
    const queueDir = join(dataDir, 'minio-queue', 'webhook');
    let maxQueued = 0;
    const sampler = setInterval(() => {
      if (path.queueDir === true && existsSync(queueDir)) maxQueued = Math.max(maxQueued, queuedEvents(queueDir));
    }, 250);
    const started = wallClockMs();
    const finalWriteAt = new Map<string, number>();
    const concurrency = Math.max(1, Math.ceil(context.options.writeConcurrency / size.datasets));
    await Promise.all(datasets.map(async (dataset) => {
      await writeDataset(storage, dataset, { concurrency });
      finalWriteAt.set(`${stack.baseUri}/${dataset.uuid}`, wallClockMs());
    }));
    const writeSeconds = (wallClockMs() - started) / 1000;
    const indexedAt = await waitForIndexed(processes, [...finalWriteAt.keys()]);
    clearInterval(sampler);
    // Let the last notifications (data items written after nothing) arrive before CPU is read.
    await sleep(2_000);
    const latencies = [...finalWriteAt].map(([uri, at]) => (indexedAt.get(uri) ?? Number.NaN) - at);
    const split = path.via === 'kafka' ? await splitAtAppend(kafka, topic, datasets, stack.baseUri, finalWriteAt, indexedAt) : {};
    return {
      path: path.name,
      objectsWritten: datasets.reduce((sum, dataset) => sum + dataset.objects.length, 0),
      writeSeconds,
      indexedAfterFinalWriteMs: summary(latencies),
      ...split,
      serviceCpuSeconds: processes.reduce((sum, child) => sum + child.cpuSeconds(), 0) - cpuBefore,
      ...(path.queueDir === true ? { maxQueuedInMinio: maxQueued } : {}),
    };
  } finally {
    await Promise.all(processes.map((child) => child.stop()));
    writer.destroy();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function summary(values: readonly number[]): { p50: number; p99: number; max: number } {
  return { p50: percentile(values, 0.5), p99: percentile(values, 0.99), max: Math.max(...values) };
}

/** Splits each dataset's latency at the moment the broker appended the event of its final `dtool` write. */
async function splitAtAppend(
  kafka: KafkaHandle,
  topic: string,
  datasets: readonly BuiltDataset[],
  baseUri: string,
  finalWriteAt: ReadonlyMap<string, number>,
  indexedAt: ReadonlyMap<string, number>,
): Promise<Pick<PathResult, 'appendedAfterFinalWriteMs' | 'indexedAfterAppendMs'>> {
  const keyOf = (dataset: BuiltDataset): string => `${dataset.bucket}/${dataset.prefix}${dataset.uuid}/dtool`;
  const appendedAt = await readAppendTimes(kafka.brokers, topic, new Set(datasets.map(keyOf)));
  const uriOf = (dataset: BuiltDataset): string => `${baseUri}/${dataset.uuid}`;
  const toAppend = datasets.map((dataset) => (appendedAt.get(keyOf(dataset)) ?? Number.NaN) - (finalWriteAt.get(uriOf(dataset)) ?? Number.NaN));
  const toIndexed = datasets.map((dataset) => (indexedAt.get(uriOf(dataset)) ?? Number.NaN) - (appendedAt.get(keyOf(dataset)) ?? Number.NaN));
  return { appendedAfterFinalWriteMs: summary(toAppend), indexedAfterAppendMs: summary(toIndexed) };
}

/** Events in MinIO's queue directory: one `.event` file each, possibly in subdirectories. */
function queuedEvents(directory: string): number {
  return readdirSync(directory, { withFileTypes: true }).reduce(
    (sum, entry) => sum + (entry.isDirectory() ? queuedEvents(join(directory, entry.name)) : entry.name.includes('.event') ? 1 : 0),
    0,
  );
}

async function waitForService(processes: readonly CliProcess[], path: DeliveryPath): Promise<void> {
  const deadline = Date.now() + 60_000;
  const ready = (): boolean =>
    path.via === 'webhook'
      ? processes.every((child) => child.logLines().some((line) => line['event'] === 'listening'))
      : processes.every((child) => partitionsHeld(child) > 0) && processes.reduce((sum, child) => sum + partitionsHeld(child), 0) === 3;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`the service of "${path.name}" did not start: see ${processes.map((child) => child.logFile).join(', ')}`);
    await sleep(200);
  }
}

/** Waits until every URI has a `record indexed` log line; returns the first such time per URI. */
async function waitForIndexed(processes: readonly CliProcess[], uris: readonly string[]): Promise<Map<string, number>> {
  const deadline = Date.now() + 300_000;
  for (;;) {
    const indexedAt = new Map<string, number>();
    for (const child of processes) {
      for (const line of child.logLines()) {
        if (line['event'] !== 'record' || line['outcome'] !== 'indexed' || typeof line['uri'] !== 'string' || typeof line['time'] !== 'number') continue;
        const known = indexedAt.get(line['uri']);
        if (known === undefined || line['time'] < known) indexedAt.set(line['uri'], line['time']);
      }
    }
    if (uris.every((uri) => indexedAt.has(uri))) return indexedAt;
    if (Date.now() > deadline) throw new Error(`only ${uris.filter((uri) => indexedAt.has(uri)).length} of ${uris.length} datasets indexed in 5 minutes`);
    await sleep(250);
  }
}

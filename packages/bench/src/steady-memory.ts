import { join } from 'node:path';
import autocannon from 'autocannon';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { profiling, type BenchContext } from './bench-context.js';
import { figure, type Figure } from './figures.js';
import { ignorableBodies } from './ignorable-flood.js';
import type { ProcessStats } from './process-stats.js';
import { startBenchmarkedServer, type BenchmarkedServer } from './benchmarked-server.js';

/** Memory of the service after a number of notifications. */
export interface MemoryCheckpoint {
  readonly notifications: number;
  readonly datasetsUploaded: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly rssBytesBeforeCollection: number;
  readonly heapUsedBytesBeforeCollection: number;
}

/** Notifications posted between two real uploads. */
const CHUNK = 5000;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Decimal megabytes, the unit of the targets. */
const MB = 1_000_000;

/**
 * `dtool-notify serve` (the built CLI, a child process) takes ignorable notifications posted
 * directly, each naming a different object, and every 5,000 of them a real upload through
 * MinIO (a 10-item dataset: HEADs, a full read, an upsert). RSS and heap are read after a
 * full garbage collection at each checkpoint.
 */
export async function runSteadyMemory(context: BenchContext): Promise<{ checkpoints: MemoryCheckpoint[]; figures: Figure[] }> {
  const service = await startBenchmarkedServer({
    nodeArgs: ['--expose-gc', '--import', context.programs.probe],
    script: context.programs.cli,
    args: ['serve'],
    env: context.serviceEnv,
    port: context.servicePort,
    logFile: join(context.logDirectory, 'memory-service.log'),
    ...profiling(context),
  });
  const checkpoints: MemoryCheckpoint[] = [];
  try {
    const next = uniqueBodies();
    const storage = createS3DatasetStorage(context.writer, context.stack.bucket);
    let datasetsUploaded = 0;
    let received = 0;
    for (const checkpoint of context.options.memoryCheckpoints) {
      while (received < checkpoint) {
        await writeDataset(storage, buildDataset({ bucket: context.stack.bucket, prefix: 'u/memory/', items: 10, tags: ['m'], annotations: { n: datasetsUploaded } }));
        datasetsUploaded += 1;
        received = (await service.stats<ProcessStats>()).requestsReceived;
        const amount = Math.min(CHUNK, checkpoint - received);
        if (amount > 0) await post(service, next, amount);
        received = (await service.stats<ProcessStats>()).requestsReceived;
        process.stderr.write(`[bench] steady memory: ${received} notifications\n`);
      }
      await settle(service);
      const stats = await service.memory<ProcessStats>();
      received = stats.requestsReceived;
      checkpoints.push({
        notifications: received,
        datasetsUploaded,
        rssBytes: stats.rssBytes,
        heapUsedBytes: stats.heapUsedBytes,
        rssBytesBeforeCollection: stats.rssBytesBeforeCollection,
        heapUsedBytesBeforeCollection: stats.heapUsedBytesBeforeCollection,
      });
    }
  } finally {
    await service.stop();
  }
  return { checkpoints, figures: memoryFigures(checkpoints) };
}

function memoryFigures(checkpoints: readonly MemoryCheckpoint[]): Figure[] {
  const [first, last] = checkpoints;
  if (first === undefined || last === undefined) return [];
  const name = 'steady memory';
  const growth = ((last.rssBytes - first.rssBytes) / first.rssBytes) * 100;
  return [
    figure(name, `RSS after ${first.notifications} notifications`, first.rssBytes / MB, 'MB'),
    figure(name, `heap used after ${first.notifications} notifications`, first.heapUsedBytes / MB, 'MB'),
    figure(name, `RSS after ${last.notifications} notifications`, last.rssBytes / MB, 'MB', { atMost: 150 }),
    figure(name, `heap used after ${last.notifications} notifications`, last.heapUsedBytes / MB, 'MB'),
    figure(name, 'RSS growth between the checkpoints', growth, '%', { atMost: 10 }),
    figure(name, 'heap growth between the checkpoints', ((last.heapUsedBytes - first.heapUsedBytes) / first.heapUsedBytes) * 100, '%'),
  ];
}

/** Ignorable bodies in turn, each with its dataset UUIDs replaced by a fresh one (so every key differs). */
function uniqueBodies(): () => string {
  const templates = ignorableBodies();
  let count = 0;
  return () => {
    count += 1;
    const template = templates[count % templates.length] as string;
    const uuid = `${(count >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${count.toString(16).padStart(12, '0')}`;
    return template.replace(UUID, uuid);
  };
}

async function post(service: BenchmarkedServer, next: () => string, amount: number): Promise<void> {
  const result = await autocannon({
    url: `${service.url}/webhook/notify`,
    connections: 8,
    amount,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: next() }) }],
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`steady memory: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
}

/** Waits until no notification arrived for a second (MinIO's deliveries of the last upload). */
async function settle(service: BenchmarkedServer): Promise<void> {
  let last = -1;
  for (;;) {
    const received = (await service.stats<ProcessStats>()).requestsReceived;
    if (received === last) return;
    last = received;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

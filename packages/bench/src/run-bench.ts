/**
 * `npm run bench -- [--quick] [--json <path>]`: the upload storm, the ignorable flood and
 * the steady-memory run against the real service over HTTP, the backfill (`dtool-notify sync`
 * of 200 to 5,000 datasets), with the project's own MinIO and MongoDB-protocol server, and the
 * Kafka path (one storm through the webhook, with and without queue_dir, and through Kafka with
 * 1, 2, 3 consumers; ignorable records per second). Prints one table; `--json` writes the same figures.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { startKafka } from '@dtool-notify/dev-stack';
import { openBenchContext } from './bench-context.js';
import { readBenchOptions, USAGE } from './bench-options.js';
import { formatTable, type Figure } from './figures.js';
import { runBackfill, type BackfillResult } from './backfill.js';
import { runIgnorableFlood, type FloodResult } from './ignorable-flood.js';
import { runKafkaIgnorable, type IgnorableResult } from './kafka-ignorable.js';
import { runKafkaStorms, type PathResult } from './kafka-storm.js';
import { runSteadyMemory, type MemoryCheckpoint } from './steady-memory.js';
import { runUploadStorm, type StormResult } from './upload-storm.js';

if (process.argv.includes('--help')) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
let options;
try {
  options = readBenchOptions(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
  process.exit(2);
}

// Exiting runs the exit hooks that stop every server this run started (ours, and the dev-stack's through execa's cleanup).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const startedAt = new Date();
const context = await openBenchContext(options);
const figures: Figure[] = [];
const results: {
  storm?: StormResult[];
  flood?: FloodResult;
  memory?: MemoryCheckpoint[];
  backfill?: BackfillResult[];
  kafka?: { paths: PathResult[]; ignorable: IgnorableResult };
} = {};
try {
  if (options.scenarios.has('storm')) {
    const storm = await runUploadStorm(context, options.stormCases);
    results.storm = storm.results;
    figures.push(...storm.figures);
  }
  if (options.scenarios.has('flood')) {
    const flood = await runIgnorableFlood(context);
    results.flood = flood.result;
    figures.push(...flood.figures);
  }
  if (options.scenarios.has('memory')) {
    const memory = await runSteadyMemory(context);
    results.memory = memory.checkpoints;
    figures.push(...memory.figures);
  }
  if (options.scenarios.has('backfill')) {
    const backfill = await runBackfill(context, options.backfillSizes);
    results.backfill = backfill.results;
    figures.push(...backfill.figures);
  }
  if (options.scenarios.has('kafka')) {
    const kafka = await startKafka();
    try {
      const storms = await runKafkaStorms(context, kafka, options.kafkaStorm);
      const ignorable = await runKafkaIgnorable(context, kafka, options.kafkaIgnorable);
      results.kafka = { paths: storms.results, ignorable: ignorable.result };
      figures.push(...storms.figures, ...ignorable.figures);
    } finally {
      await kafka.stop();
    }
  }
} finally {
  await context.close();
}

process.stdout.write(`${formatTable(figures)}\n`);
const failed = figures.filter((line) => line.pass === false);
process.stdout.write(`\n${figures.filter((line) => line.pass !== undefined).length - failed.length} targets met, ${failed.length} missed; service logs in ${context.logDirectory}\n`);
if (options.jsonPath !== undefined) {
  const machine = { cpus: availableParallelism(), cpuModel: cpus()[0]?.model ?? 'unknown', memoryBytes: totalmem(), node: process.version, platform: process.platform };
  const report = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine,
    options: { ...options, scenarios: [...options.scenarios] },
    figures,
    results,
  };
  writeFileSync(options.jsonPath, `${JSON.stringify(report, null, 2)}\n`);
}

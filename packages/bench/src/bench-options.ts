import { parseArgs } from 'node:util';

/** One upload-storm run: `datasets` datasets of `items` items written at once. */
export interface StormCase {
  readonly datasets: number;
  readonly items: number;
  /** The run the p99 target applies to. */
  readonly target: boolean;
}

/** The scenarios, in the order they run. */
const SCENARIOS = ['storm', 'flood', 'memory', 'backfill', 'kafka'] as const;
type Scenario = (typeof SCENARIOS)[number];

/** Sizes and switches of one benchmark run. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly jsonPath?: string;
  readonly scenarios: ReadonlySet<Scenario>;
  /** Backfill: bucket sizes, in datasets of 3 small items. */
  readonly backfillSizes: readonly number[];
  readonly stormCases: readonly StormCase[];
  /** PUTs in flight across all datasets of a storm run. */
  readonly writeConcurrency: number;
  /** PUTs started per second at most across all datasets (0: as fast as they go). */
  readonly writeRate: number;
  readonly floodConnections: number;
  readonly floodSeconds: number;
  readonly floodRounds: number;
  /** Notifications after which memory is measured (two: the growth is between them). */
  readonly memoryCheckpoints: readonly [number, number];
  /** The storm run through each delivery path (webhook, webhook + queue_dir, Kafka with 1, 2, 3 consumers). */
  readonly kafkaStorm: { readonly datasets: number; readonly items: number };
  /** Ignorable records published for the one-consumer throughput run. */
  readonly kafkaIgnorable: number;
  /** `DSERVER_NOTIFY_MAX_CONCURRENT_SYNCS` of the service. */
  readonly maxConcurrentSyncs?: number;
  /** Write a `node --cpu-prof` profile of every server process here. */
  readonly profileDirectory?: string;
}

export const USAGE = `npm run bench -- [--quick] [--json <path>] [options]

  --quick                      small sizes (about a minute)
  --json <path>                also write the figures as JSON
  --only storm,flood,memory,backfill,kafka
                               run only these scenarios
  --backfill <n,n,...>         backfill: bucket sizes in datasets (full: 200,1000,5000; quick: 100,500)
  --items <n,n,...>            upload storm: items per dataset for the one-dataset runs (full: 10,1000,10000)
  --datasets <m,m,...>         upload storm: datasets of 10 items at once (full: 1,10,100)
  --target <m>x<n>             upload storm: the p99 target run (full: 20x1000)
  --write-concurrency <n>      PUTs in flight while uploading (default 32)
  --write-rate <n>             PUTs started per second at most while uploading (default: no limit)
  --flood-connections <n>      ignorable flood: keep-alive connections (default 16)
  --flood-seconds <s>          ignorable flood: seconds per measured round (full 10, quick 4)
  --flood-rounds <n>           ignorable flood: rounds per server, alternating (full 5, quick 3)
  --memory <a,b>               steady memory: checkpoints in notifications (full 10000,100000)
  --kafka-storm <m>x<n>        kafka: the storm sent through every delivery path (full 20x1000, quick 5x200)
  --kafka-ignorable <n>        kafka: ignorable records for the one-consumer throughput run (full 200000, quick 50000)
  --max-concurrent-syncs <n>   the service's DSERVER_NOTIFY_MAX_CONCURRENT_SYNCS
  --profile <dir>              write a CPU profile (node --cpu-prof) of every server and CLI process to <dir>`;

/** Reads the command line; throws with a message on a bad flag. */
export function readBenchOptions(args: readonly string[]): BenchOptions {
  const { values } = parseArgs({
    args: [...args],
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'string' },
      only: { type: 'string' },
      backfill: { type: 'string' },
      items: { type: 'string' },
      datasets: { type: 'string' },
      target: { type: 'string' },
      'write-concurrency': { type: 'string' },
      'write-rate': { type: 'string' },
      'flood-connections': { type: 'string' },
      'flood-seconds': { type: 'string' },
      'flood-rounds': { type: 'string' },
      memory: { type: 'string' },
      'max-concurrent-syncs': { type: 'string' },
      'kafka-storm': { type: 'string' },
      'kafka-ignorable': { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const quick = values.quick;
  const items = numbers(values.items ?? (quick ? '10,300' : '10,1000,10000'), '--items');
  const datasets = numbers(values.datasets ?? (quick ? '1,10' : '1,10,100'), '--datasets');
  const [targetDatasets, targetItems] = numbers((values.target ?? (quick ? '5x200' : '20x1000')).replace('x', ','), '--target');
  const cases: StormCase[] = [
    ...items.map((count) => ({ datasets: 1, items: count, target: false })),
    ...datasets.filter((count) => count !== 1 || !items.includes(10)).map((count) => ({ datasets: count, items: 10, target: false })),
    { datasets: targetDatasets ?? 1, items: targetItems ?? 1, target: true },
  ];
  const memory = numbers(values.memory ?? (quick ? '2000,20000' : '10000,100000'), '--memory');
  const only = (values.only ?? SCENARIOS.join(',')).split(',').map((name) => name.trim());
  for (const name of only) if (!(SCENARIOS as readonly string[]).includes(name)) throw new Error(`--only: unknown scenario "${name}"`);
  const [kafkaDatasets, kafkaItems] = numbers((values['kafka-storm'] ?? (quick ? '5x200' : '20x1000')).replace('x', ','), '--kafka-storm');
  return {
    quick,
    ...(values.json === undefined ? {} : { jsonPath: values.json }),
    scenarios: new Set(only as Scenario[]),
    backfillSizes: numbers(values.backfill ?? (quick ? '100,500' : '200,1000,5000'), '--backfill'),
    kafkaStorm: { datasets: kafkaDatasets ?? 1, items: kafkaItems ?? 1 },
    kafkaIgnorable: single(values['kafka-ignorable'] ?? (quick ? '50000' : '200000'), '--kafka-ignorable'),
    stormCases: cases,
    writeConcurrency: single(values['write-concurrency'] ?? '32', '--write-concurrency'),
    writeRate: values['write-rate'] === undefined ? 0 : single(values['write-rate'], '--write-rate'),
    floodConnections: single(values['flood-connections'] ?? '16', '--flood-connections'),
    floodSeconds: single(values['flood-seconds'] ?? (quick ? '4' : '10'), '--flood-seconds'),
    floodRounds: single(values['flood-rounds'] ?? (quick ? '3' : '5'), '--flood-rounds'),
    memoryCheckpoints: [memory[0] ?? 10_000, memory[1] ?? 100_000],
    ...(values.profile === undefined ? {} : { profileDirectory: values.profile }),
    ...(values['max-concurrent-syncs'] === undefined ? {} : { maxConcurrentSyncs: single(values['max-concurrent-syncs'], '--max-concurrent-syncs') }),
  };
}

function numbers(text: string, flag: string): number[] {
  const parsed = text.split(',').map((part) => Number(part.trim()));
  if (parsed.some((value) => !Number.isInteger(value) || value < 1)) throw new Error(`${flag} takes whole numbers ≥ 1; got "${text}"`);
  return parsed;
}

function single(text: string, flag: string): number {
  const [value] = numbers(text, flag);
  return value ?? 1;
}

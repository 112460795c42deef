import { join } from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '@dtool-notify/dev-stack';
import { readFixtureText } from '@dtool-notify/testkit';
import { profiling, type BenchContext } from './bench-context.js';
import { figure, median, type Figure } from './figures.js';
import type { ProcessStats } from './process-stats.js';
import { startBenchmarkedServer, type BenchmarkedServer } from './benchmarked-server.js';

/** One measured round against one server. */
interface FloodRound {
  readonly server: 'bare' | 'ours';
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly non2xx: number;
  readonly errors: number;
  /** Server CPU microseconds per request. */
  readonly cpuMicrosecondsPerRequest: number;
}

/** The flood's figures: medians of the rounds of each server. */
export interface FloodResult {
  readonly connections: number;
  readonly seconds: number;
  readonly rounds: readonly FloodRound[];
  readonly bodies: number;
  readonly ours: { readonly requestsPerSecond: number; readonly p99Ms: number; readonly cpuMicrosecondsPerRequest: number };
  readonly bare: { readonly requestsPerSecond: number; readonly p99Ms: number; readonly cpuMicrosecondsPerRequest: number };
  /** Requests/s of ours over bare, round by round. */
  readonly ratios: readonly number[];
  /** Their median: the figure the target applies to. */
  readonly ratio: number;
  /** S3 requests the service sent during the flood (must be 0: nothing to read). */
  readonly s3Requests: number;
}

/**
 * The captured bodies the service must acknowledge without any S3 or MongoDB work: MinIO's
 * `s3:ObjectAccessed:*` events and its data-item writes (`<uuid>/data/...`).
 */
export function ignorableBodies(): string[] {
  const lines = (path: string): string[] => readFixtureText(path).split('\n').filter((line) => line.trim() !== '');
  const items = lines('minio/webhook-copy-dataset.jsonl').filter((line) => line.includes('%2Fdata%2F') || line.includes('/data/'));
  return [...lines('minio/webhook-access-events.jsonl'), ...items];
}

/**
 * Keep-alive HTTP load of ignorable notifications against `dtool-notify serve` (the built
 * CLI) and, in the same run, against a bare Koa app with one JSON route, each a child
 * process started the same way; rounds alternate (bare, ours, bare, ours, ...) and the
 * medians count.
 */
export async function runIgnorableFlood(context: BenchContext): Promise<{ result: FloodResult; figures: Figure[] }> {
  const { options } = context;
  const bodies = ignorableBodies();
  const common = { nodeArgs: ['--import', context.programs.probe] };
  const ours = await startBenchmarkedServer({
    ...common,
    script: context.programs.cli,
    args: ['serve'],
    env: context.serviceEnv,
    port: context.servicePort,
    logFile: join(context.logDirectory, 'flood-service.log'),
    ...profiling(context),
  });
  const barePort = await freePort();
  const bare = await startBenchmarkedServer({
    ...common,
    script: context.programs.bareKoa,
    args: [String(barePort)],
    env: {},
    port: barePort,
    logFile: join(context.logDirectory, 'flood-bare.log'),
    ...profiling(context),
  });
  const rounds: FloodRound[] = [];
  let s3Requests = 0;
  try {
    process.stderr.write('[bench] ignorable flood: warming up\n');
    await load(`${bare.url}/webhook/notify`, bodies, options.floodConnections, 2);
    await load(`${ours.url}/webhook/notify`, bodies, options.floodConnections, 2);
    for (let round = 0; round < options.floodRounds; round += 1) {
      for (const [name, server] of [['bare', bare], ['ours', ours]] as const) {
        process.stderr.write(`[bench] ignorable flood: round ${round + 1}, ${name}\n`);
        const measured = await measure(server, bodies, options.floodConnections, options.floodSeconds);
        rounds.push({ server: name, ...measured.round });
        if (name === 'ours') s3Requests += measured.requestsSent;
      }
    }
  } finally {
    await Promise.all([ours.stop(), bare.stop()]);
  }
  const summary = (server: 'bare' | 'ours') => {
    const mine = rounds.filter((round) => round.server === server);
    return {
      requestsPerSecond: median(mine.map((round) => round.requestsPerSecond)),
      p99Ms: median(mine.map((round) => round.p99Ms)),
      cpuMicrosecondsPerRequest: median(mine.map((round) => round.cpuMicrosecondsPerRequest)),
    };
  };
  // Each round runs bare then ours back to back: the ratio within a round cancels the drift of
  // a shared machine between rounds, and the median of those ratios the outliers.
  const bareRounds = rounds.filter((round) => round.server === 'bare');
  const ratios = rounds.filter((round) => round.server === 'ours').map((round, index) => round.requestsPerSecond / (bareRounds[index]?.requestsPerSecond ?? Number.NaN));
  const result: FloodResult = {
    connections: options.floodConnections,
    seconds: options.floodSeconds,
    rounds,
    bodies: bodies.length,
    ours: summary('ours'),
    bare: summary('bare'),
    ratios,
    ratio: median(ratios),
    s3Requests,
  };
  const failed = rounds.reduce((sum, round) => sum + round.non2xx + round.errors, 0);
  const name = `flood ${options.floodConnections} conn × ${options.floodSeconds} s × ${options.floodRounds}`;
  const figures = [
    figure(name, 'bare Koa: requests/s (median)', result.bare.requestsPerSecond, 'req/s'),
    figure(name, 'dtool-notify: requests/s (median)', result.ours.requestsPerSecond, 'req/s'),
    figure(name, 'throughput ours / bare (median of rounds)', result.ratio * 100, '%', { atLeast: 60 }),
    figure(name, 'bare Koa: p99 latency (median)', result.bare.p99Ms, 'ms'),
    figure(name, 'dtool-notify: p99 latency (median)', result.ours.p99Ms, 'ms'),
    figure(name, 'bare Koa: CPU per request', result.bare.cpuMicrosecondsPerRequest, 'µs'),
    figure(name, 'dtool-notify: CPU per request', result.ours.cpuMicrosecondsPerRequest, 'µs'),
    figure(name, 'non-2xx answers and errors', failed, 'requests', { atMost: 0 }),
    figure(name, 'S3 requests during the flood', s3Requests, 'requests', { atMost: 0 }),
  ];
  return { result, figures };
}

async function measure(server: BenchmarkedServer, bodies: readonly string[], connections: number, seconds: number) {
  await server.reset();
  const result = await load(`${server.url}/webhook/notify`, bodies, connections, seconds);
  const stats = await server.stats<ProcessStats>();
  const requests = result.requests.total;
  return {
    round: {
      requestsPerSecond: result.requests.average,
      p99Ms: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      cpuMicrosecondsPerRequest: requests === 0 ? Number.NaN : (stats.cpuSeconds * 1e6) / requests,
    },
    requestsSent: stats.requestsSent,
  };
}

/** Keep-alive POSTs of the bodies in turn, `connections` at once, for `seconds`. */
function load(url: string, bodies: readonly string[], connections: number, seconds: number): Promise<autocannon.Result> {
  return autocannon({
    url,
    connections,
    duration: seconds,
    pipelining: 1,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: bodies.map((body) => ({ method: 'POST', body })),
  });
}

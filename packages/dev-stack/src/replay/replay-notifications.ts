import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { createLatencyHistogram } from '../stats/latency-histogram.js';

/** What a replay sent and how the endpoint answered. */
export interface ReplayReport {
  readonly sent: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly latencyMs: { readonly p50: number; readonly p99: number; readonly max: number };
  readonly durationMs: number;
}

/** Options of {@link replayNotifications}. */
export interface ReplayOptions {
  readonly url: string;
  /** Requests per second at most (0 or absent: as fast as `concurrency` allows). */
  readonly rate?: number;
  readonly concurrency?: number;
  readonly token?: string;
  readonly contentType?: string;
  /** Per request; a request that takes longer counts under the status `timeout` (default 30 000). */
  readonly timeoutMs?: number;
}

/**
 * Posts each body of a captured notification stream to an endpoint, starting them in file
 * order, at most `rate` per second and `concurrency` at once (request `i` starts no earlier
 * than `i / rate` seconds in). A fixed pool of workers takes the bodies in turn, so a stream
 * of a million lines costs no more memory than its text. Network failures count under the
 * status `error`.
 */
export async function replayNotifications(bodies: readonly string[], options: ReplayOptions): Promise<ReplayReport> {
  const statuses: Record<string, number> = {};
  const latencies = createLatencyHistogram();
  const started = performance.now();
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const interval = options.rate !== undefined && options.rate > 0 ? 1000 / options.rate : 0;
  const timeoutMs = options.timeoutMs ?? 30_000;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < bodies.length) {
      const position = next;
      next += 1;
      const wait = started + position * interval - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const before = performance.now();
      const status = await post(options.url, headers, bodies[position] ?? '', timeoutMs);
      latencies.record(performance.now() - before);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(options.concurrency ?? 1), bodies.length));
  await Promise.all(Array.from({ length: workers }, worker));
  const latency = latencies.summary();
  return {
    sent: bodies.length,
    statuses,
    latencyMs: { p50: round(latency.p50), p99: round(latency.p99), max: round(latency.max) },
    durationMs: round(performance.now() - started),
  };
}

/** POSTs one body; the answer's status, or `timeout` / `error`. */
async function post(url: string, headers: Readonly<Record<string, string>>, body: string, timeoutMs: number): Promise<string> {
  try {
    const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer();
    return String(response.status);
  } catch (error) {
    return (error as { name?: string }).name === 'TimeoutError' ? 'timeout' : 'error';
  }
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** Thrown for a command line that cannot be run; the CLI prints it with the usage. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * `npm run replay -- <file.jsonl> --url <endpoint> [--rate N] [--concurrency N] [--token T]
 * [--content-type T] [--timeout S]`: prints the report as JSON; exits 1 when any answer was not 2xx.
 */
export async function runReplay(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        rate: { type: 'string' },
        concurrency: { type: 'string', default: '1' },
        token: { type: 'string' },
        'content-type': { type: 'string' },
        timeout: { type: 'string', default: '30' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const [file] = positionals;
  if (file === undefined || positionals.length > 1) throw new UsageError('name one .jsonl file of notification bodies');
  if (values.url === undefined) throw new UsageError('--url <endpoint> is required, e.g. --url http://127.0.0.1:5000/webhook/notify');
  const rate = positiveNumber('--rate', values.rate ?? '0', true);
  const concurrency = positiveNumber('--concurrency', values.concurrency, false);
  const timeoutMs = positiveNumber('--timeout', values.timeout, false) * 1000;
  // One body per line; a CRLF file's carriage returns are not part of the bodies.
  const bodies = (await readFile(file, 'utf8')).split(/\r?\n/).filter((line) => line.trim() !== '');
  const report = await replayNotifications(bodies, {
    url: values.url,
    rate,
    concurrency,
    timeoutMs,
    ...(values.token === undefined ? {} : { token: values.token }),
    ...(values['content-type'] === undefined ? {} : { contentType: values['content-type'] }),
  });
  process.stdout.write(`${JSON.stringify(report)}\n`);
  const failed = Object.entries(report.statuses).filter(([status]) => !status.startsWith('2'));
  return failed.length === 0 ? 0 : 1;
}

function positiveNumber(flag: string, text: string, zeroAllowed: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) throw new UsageError(`${flag} must be a positive number; got "${text}"`);
  return value;
}

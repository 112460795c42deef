import { readFile } from 'node:fs/promises';
import { createSemaphore } from '@dtool-notify/domain';
import { parseCommandArgs, reportingUsageErrors, UsageError } from './usage-error.js';

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
}

/**
 * Posts each body of a captured notification stream to an endpoint, in order of start,
 * at a bounded rate and concurrency. Network failures count under the status `error`.
 */
export async function replayNotifications(bodies: readonly string[], options: ReplayOptions): Promise<ReplayReport> {
  const semaphore = createSemaphore(options.concurrency ?? 1);
  const statuses: Record<string, number> = {};
  const latencies: number[] = [];
  const started = performance.now();
  const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const interval = options.rate !== undefined && options.rate > 0 ? 1000 / options.rate : 0;
  const requests = bodies.map(async (body, position) => {
    const due = started + position * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await semaphore.run(async () => {
      const before = performance.now();
      let status: string;
      try {
        const response = await fetch(options.url, { method: 'POST', headers, body });
        await response.arrayBuffer();
        status = String(response.status);
      } catch {
        status = 'error';
      }
      latencies.push(performance.now() - before);
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
  });
  await Promise.all(requests);
  latencies.sort((a, b) => a - b);
  const at = (fraction: number): number => round(latencies[Math.min(latencies.length - 1, Math.floor(fraction * latencies.length))] ?? 0);
  return {
    sent: bodies.length,
    statuses,
    latencyMs: { p50: at(0.5), p99: at(0.99), max: round(latencies.at(-1) ?? 0) },
    durationMs: round(performance.now() - started),
  };
}

const round = (value: number): number => Math.round(value * 10) / 10;

/** `dtool-notify replay <file.jsonl> --url <endpoint> [--rate N] [--concurrency N] [--token T]`. */
export function runReplay(args: string[]): Promise<number> {
  return reportingUsageErrors('replay', async () => {
    const { values, positionals } = parseCommandArgs({
      args,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        rate: { type: 'string' },
        concurrency: { type: 'string', default: '1' },
        token: { type: 'string' },
        'content-type': { type: 'string' },
      },
    });
    const [file] = positionals;
    if (file === undefined || positionals.length > 1) throw new UsageError('name one .jsonl file of notification bodies');
    if (values.url === undefined) throw new UsageError('--url <endpoint> is required, e.g. --url http://127.0.0.1:5000/webhook/notify');
    const rate = positiveNumber('--rate', values.rate ?? '0', true);
    const concurrency = positiveNumber('--concurrency', values.concurrency, false);
    const bodies = (await readFile(file, 'utf8')).split('\n').filter((line) => line.trim() !== '');
    const report = await replayNotifications(bodies, {
      url: values.url,
      rate,
      concurrency,
      ...(values.token === undefined ? {} : { token: values.token }),
      ...(values['content-type'] === undefined ? {} : { contentType: values['content-type'] }),
    });
    process.stdout.write(`${JSON.stringify(report)}\n`);
    const failed = Object.entries(report.statuses).filter(([status]) => !status.startsWith('2'));
    return failed.length === 0 ? 0 : 1;
  });
}

function positiveNumber(flag: string, text: string, zeroAllowed: boolean): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0 || (!zeroAllowed && value === 0)) throw new UsageError(`${flag} must be a positive number; got "${text}"`);
  return value;
}

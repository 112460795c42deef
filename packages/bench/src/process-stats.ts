import { subscribe } from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { createLatencyHistogram, type DurationSummary } from '@dtool-notify/dev-stack';

/** What every benchmarked server process reports about itself. */
export interface ProcessStats {
  /** CPU seconds (user + system) since start or the last reset. */
  readonly cpuSeconds: number;
  /** Resident set size and V8 heap in use, in bytes (after a full garbage collection when asked for `memory`). */
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  /** The same before that collection. */
  readonly rssBytesBeforeCollection: number;
  readonly heapUsedBytesBeforeCollection: number;
  /** HTTP requests the server received since start or the last reset. */
  readonly requestsReceived: number;
  /** HTTP requests it sent (to S3: the MongoDB driver does not use HTTP). */
  readonly requestsSent: number;
  /** Time from a request's headers to its response's end, in ms, over the requests answered. */
  readonly serverTimeMs: DurationSummary;
}

/** What the parent may ask: `memory` is `stats` after a full garbage collection (needs `--expose-gc`). */
export type StatsRequestType = 'stats' | 'memory' | 'reset';

/** A child-side IPC message, answered with the same id. */
interface StatsRequest {
  readonly id: number;
  readonly type: StatsRequestType;
}

let requestsReceived = 0;
let requestsSent = 0;
let serverTimes = createLatencyHistogram();
const startedAt = new WeakMap<object, number>();
let cpuBaseline = process.cpuUsage();
// diagnostics_channel sees every request the server receives without touching the code under test.
subscribe('http.server.request.start', (message) => {
  const { request } = message as { request?: IncomingMessage };
  if (request === undefined) return;
  requestsReceived += 1;
  startedAt.set(request, performance.now());
});
subscribe('http.server.response.finish', (message) => {
  const { request } = message as { request?: IncomingMessage };
  const started = request === undefined ? undefined : startedAt.get(request);
  if (started === undefined) return;
  serverTimes.record(performance.now() - started);
});
subscribe('http.client.request.start', () => {
  requestsSent += 1;
});

/** Resets the CPU baseline and the request count. */
export function resetProcessStats(): void {
  requestsReceived = 0;
  requestsSent = 0;
  serverTimes = createLatencyHistogram();
  cpuBaseline = process.cpuUsage();
}

/** The current {@link ProcessStats}; with `collectGarbage`, memory is read after a full collection too. */
export function readProcessStats(collectGarbage = false): ProcessStats {
  const cpu = process.cpuUsage(cpuBaseline);
  const before = process.memoryUsage();
  if (collectGarbage) {
    const collect = (globalThis as { gc?: () => void }).gc;
    if (collect === undefined) throw new Error('memory figures need node --expose-gc');
    collect();
  }
  const after = collectGarbage ? process.memoryUsage() : before;
  return {
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    rssBytes: after.rss,
    heapUsedBytes: after.heapUsed,
    rssBytesBeforeCollection: before.rss,
    heapUsedBytesBeforeCollection: before.heapUsed,
    requestsReceived,
    requestsSent,
    serverTimeMs: serverTimes.summary(),
  };
}

/** Answers the parent's requests over the IPC channel with `collect(collectGarbage)` / `reset()`. */
export function answerOverIpc(collect: (collectGarbage: boolean) => unknown, reset: () => void): void {
  if (process.send === undefined) return;
  process.on('message', (message: StatsRequest) => {
    if (message.type === 'reset') reset();
    process.send?.({ id: message.id, value: message.type === 'reset' ? null : collect(message.type === 'memory') });
  });
  // The channel must not keep an otherwise finished process alive.
  process.channel?.unref();
}

import { startServerProcess } from '@dtool-notify/dev-stack';
import type { StatsRequestType } from './process-stats.js';

/** A Node server the benchmark runs as a child (dev-stack's process runner), asked for its stats over IPC (process-stats.ts). */
export interface BenchmarkedServer {
  readonly url: string;
  stats<T>(): Promise<T>;
  /** Stats after a full garbage collection (the child needs `--expose-gc`). */
  memory<T>(): Promise<T>;
  reset(): Promise<void>;
  /** SIGTERM, then SIGKILL after the runner's grace period. */
  stop(): Promise<void>;
}

/** How to start one. */
export interface BenchmarkedServerOptions {
  /** Node flags, e.g. `--import <probe>`. */
  readonly nodeArgs: readonly string[];
  readonly script: string;
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly port: number;
  /** Where its stdout (the JSON log) goes. */
  readonly logFile: string;
  /** Write a CPU profile here when it exits. */
  readonly profileDirectory?: string;
}

/** Starts the child and resolves once its port answers HTTP. */
export async function startBenchmarkedServer(options: BenchmarkedServerOptions): Promise<BenchmarkedServer> {
  const url = `http://127.0.0.1:${options.port}`;
  const profile = options.profileDirectory === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDirectory}`];
  const server = await startServerProcess({
    name: options.script,
    command: process.execPath,
    args: [...profile, ...options.nodeArgs, options.script, ...(options.args ?? [])],
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    inheritEnv: false,
    stdoutFile: options.logFile,
    ipc: true,
    timeoutMs: 30_000,
    // Any HTTP answer will do: the bare Koa server has no /health.
    isReady: () => fetch(url, { signal: AbortSignal.timeout(1000) }).then(() => true),
  });
  const { ipc } = server;
  if (ipc === undefined) throw new Error(`${options.script}: no IPC channel`);
  let nextId = 0;
  const ask = async <T>(type: StatsRequestType): Promise<T> => {
    const id = (nextId += 1);
    const answer = ipc.next((message) => (message as { id?: number }).id === id);
    await ipc.send({ id, type });
    return ((await answer) as { value: T }).value;
  };
  return { url, stats: () => ask('stats'), memory: () => ask('memory'), reset: () => ask<void>('reset'), stop: server.stop };
}

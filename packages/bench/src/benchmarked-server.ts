import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';
import { connect } from 'node:net';
import type { StatsRequestType } from './process-stats.js';

/** A server the benchmark runs as a child process, with the IPC stats channel of process-stats.ts. */
export interface ServerProcess {
  readonly pid: number;
  readonly url: string;
  stats<T>(): Promise<T>;
  /** Stats after a full garbage collection (the child needs `--expose-gc`). */
  memory<T>(): Promise<T>;
  reset(): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/** How to start one. */
export interface ServerProcessOptions {
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

// A benchmark stopped half-way (Ctrl-C, an error) must not leave servers behind.
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the child and resolves once its port accepts connections. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const log = openSync(options.logFile, 'a');
  const profile = options.profileDirectory === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${options.profileDirectory}`];
  const child = spawn(process.execPath, [...profile, ...options.nodeArgs, options.script, ...(options.args ?? [])], {
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdio: ['ignore', log, 'pipe', 'ipc'],
  });
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code, signal) => reject(new Error(`${options.script} exited (${code ?? signal}) before it was ready:\n${stderr}`))),
  );
  exited.catch(() => undefined);
  await Promise.race([waitForPort(options.port, 30_000), exited]);
  let nextId = 0;
  const ask = <T>(type: StatsRequestType): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = (nextId += 1);
      const onMessage = (message: { id: number; value: T }): void => {
        if (message.id !== id) return;
        child.off('message', onMessage);
        resolve(message.value);
      };
      child.on('message', onMessage);
      child.send({ id, type }, (error) => error && reject(error));
    });
  return {
    pid: child.pid as number,
    url: `http://127.0.0.1:${options.port}`,
    stats: () => ask('stats'),
    memory: () => ask('memory'),
    reset: () => ask<void>('reset'),
    stop: () => stopChild(child),
  };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await gone;
  clearTimeout(timer);
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
}

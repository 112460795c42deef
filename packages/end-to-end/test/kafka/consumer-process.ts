import { spawn } from 'node:child_process';
import type { ProcessExit } from '@dtool-notify/dev-stack';
import { cliEnvironment, requireBuiltCli } from '../reliability/service-process.js';

/** `dtool-notify consume` running as a child process, its JSON log lines watched. */
export interface ConsumerProcess {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  /** Log lines (parsed JSON) whose `event` is `event`. */
  events(event: string): Record<string, unknown>[];
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** The URL of its listener (`/health`, `/ready`, `/metrics`, `/status`), once it logged it. */
  url(): string | undefined;
}

/** Starts `dtool-notify consume` with `serviceEnv` at log level info, its listener on a free port. */
export function startConsumerProcess(serviceEnv: Readonly<Record<string, string>>): ConsumerProcess {
  const child = spawn(process.execPath, [requireBuiltCli(), 'consume'], {
    env: cliEnvironment({ ...serviceEnv, DSERVER_NOTIFY_PORT: '0', DSERVER_NOTIFY_LOG_LEVEL: 'info' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const parsed: Record<string, unknown>[] = [];
  const tail: string[] = [];
  let partial = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      try {
        const entry = JSON.parse(line) as Record<string, unknown>;
        // Only what the tests look at is kept: a storm logs a line per record.
        if (entry['event'] !== 'record' || entry['outcome'] === 'indexed' || entry['outcome'] === 'failed') parsed.push(entry);
      } catch {
        tail.push(line);
      }
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => tail.push(chunk));
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  return {
    pid: child.pid ?? -1,
    exited,
    events: (event) => parsed.filter((entry) => entry['event'] === event),
    output: () => [...parsed.slice(-40).map((entry) => JSON.stringify(entry)), ...tail.slice(-40)].join('\n'),
    url() {
      const url = parsed.find((entry) => entry['event'] === 'listening')?.['url'];
      return typeof url === 'string' ? url : undefined;
    },
    kill(signal) {
      if (exit === undefined) child.kill(signal);
    },
  };
}

/** True once the process has been assigned at least one partition (its latest assignment is not empty). */
export function hasPartitions(consumer: ConsumerProcess): boolean {
  const latest = consumer.events('kafka-assignment').at(-1);
  return Array.isArray(latest?.['partitions']) && latest['partitions'].length > 0;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { Admin } from '@platformatic/kafka';

/** A `dtool-notify serve` or `consume` child process writing its JSON log to a file. */
export interface CliProcess {
  readonly pid: number;
  readonly logFile: string;
  /** CPU seconds (user + system) used so far, from /proc. */
  cpuSeconds(): number;
  /** The parsed log lines so far. */
  logLines(): Record<string, unknown>[];
  /** SIGTERM, then SIGKILL after 15 s. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the built CLI with `command` (`serve`, `consume`) at log level info; with `profileDirectory`, it writes a CPU profile there on exit. */
export function startCli(cli: string, command: 'serve' | 'consume', env: Readonly<Record<string, string>>, logFile: string, profileDirectory?: string): CliProcess {
  const log = openSync(logFile, 'a');
  // Each consumer serves /metrics too: on a port of its own, as several run beside the bench's service.
  const port = command === 'consume' ? { DSERVER_NOTIFY_PORT: '0' } : {};
  const profile = profileDirectory === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${profileDirectory}`];
  const child = spawn(process.execPath, [...profile, cli, command], {
    env: { PATH: process.env['PATH'] ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env, ...port, DSERVER_NOTIFY_LOG_LEVEL: 'info' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  running.add(child);
  child.once('exit', () => running.delete(child));
  return {
    pid: child.pid as number,
    logFile,
    cpuSeconds: () => readCpuSeconds(child.pid as number),
    logLines: () => parseLog(logFile),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await gone;
      clearTimeout(timer);
    },
  };
}

/** User + system CPU seconds of a process (Linux /proc; clock ticks of 1/100 s). */
export function readCpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

function parseLog(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
}

/** Partitions held now by each consumer, from its latest `kafka-assignment` log line. */
export function partitionsHeld(consumer: CliProcess): number {
  const latest = consumer.logLines().filter((line) => line['event'] === 'kafka-assignment').at(-1);
  return Array.isArray(latest?.['partitions']) ? latest['partitions'].length : 0;
}

/** Creates a topic, with topic-level settings when given. */
export async function createTopic(brokers: string, topic: string, partitions: number, configs: readonly { name: string; value: string }[] = []): Promise<void> {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [brokers] });
  try {
    await admin.createTopics({ topics: [topic], partitions, replicas: 1, configs: [...configs] });
  } finally {
    await admin.close();
  }
}

/** The group's committed offsets summed over the topic's partitions. */
export async function committedTotal(brokers: string, groupId: string, topic: string): Promise<bigint> {
  const admin = new Admin({ clientId: 'bench-admin', bootstrapBrokers: [brokers] });
  try {
    const [group] = await admin.listConsumerGroupOffsets({ groups: [{ groupId, topics: [{ name: topic, partitionIndexes: [0, 1, 2] }] }] });
    const partitions = group?.topics.find((entry) => entry.name === topic)?.partitions ?? [];
    return partitions.reduce((sum, entry) => sum + (entry.committedOffset > 0n ? entry.committedOffset : 0n), 0n);
  } finally {
    await admin.close();
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

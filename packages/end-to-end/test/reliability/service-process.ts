import { existsSync, readFileSync } from 'node:fs';
import { startServerProcess, type ProcessExit } from '@dtool-notify/dev-stack';
// The built CLI: reliability tests run the real `dtool-notify` process, not the source.
import { CLI } from '../product-stack.js';

/** `dtool-notify serve` running as a child process. */
export interface ServiceProcess {
  readonly pid: number;
  readonly url: string;
  readonly exited: Promise<ProcessExit>;
  /** Resident set size now, in MB (from /proc). */
  rssMb(): number;
  /** The last lines the process wrote (stdout and stderr). */
  output(): string;
  kill(signal: NodeJS.Signals): void;
  /** SIGKILL unless gone already, then waits for the exit. */
  stop(): Promise<ProcessExit>;
}

/** The environment for a CLI child: the service settings, no inherited NODE_OPTIONS or test runner state. */
export function cliEnvironment(serviceEnv: Readonly<Record<string, string>>): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    DSERVER_NOTIFY_LOG_LEVEL: 'warn',
    ...serviceEnv,
  };
}

/** Fails early, and says why, when the CLI has not been built. */
export function requireBuiltCli(): string {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build the app first (npm run build at the repository root)`);
  return CLI;
}

/**
 * Starts `dtool-notify serve` with `serviceEnv` (which names its port) through the dev-stack's
 * process runner and waits until `/health` answers, or fails with the process's output.
 */
export async function startServiceProcess(serviceEnv: Readonly<Record<string, string>>, timeoutMs = 20_000): Promise<ServiceProcess> {
  const port = serviceEnv.DSERVER_NOTIFY_PORT;
  if (port === undefined || port === '0') throw new Error('startServiceProcess needs DSERVER_NOTIFY_PORT set to a fixed port');
  const url = `http://127.0.0.1:${port}`;
  const server = await startServerProcess({
    name: 'dtool-notify serve',
    command: process.execPath,
    args: [requireBuiltCli(), 'serve'],
    env: cliEnvironment(serviceEnv),
    inheritEnv: false,
    timeoutMs,
    isReady: () => fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then((response) => response.ok),
  });
  const pid = server.pid ?? -1;
  return {
    pid,
    url,
    exited: server.exited,
    rssMb: () => readRssMb(pid),
    output: server.output,
    kill: server.kill,
    async stop() {
      server.kill('SIGKILL');
      return server.exited;
    },
  };
}

/** The resident set size of a process, in MB (Linux). */
export function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) / 1024;
}

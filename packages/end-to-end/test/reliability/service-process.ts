import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
// The built CLI: reliability tests run the real `dtool-notify` process, not the source.
import { CLI } from '../product-stack.js';

/** How a child process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

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
 * Starts `dtool-notify serve` with `serviceEnv` (which names its port) and waits until
 * `/health` answers, or fails with the process's output.
 */
export async function startServiceProcess(serviceEnv: Readonly<Record<string, string>>, timeoutMs = 20_000): Promise<ServiceProcess> {
  const port = serviceEnv.DSERVER_NOTIFY_PORT;
  if (port === undefined || port === '0') throw new Error('startServiceProcess needs DSERVER_NOTIFY_PORT set to a fixed port');
  const child: ChildProcess = spawn(process.execPath, [requireBuiltCli(), 'serve'], {
    env: cliEnvironment(serviceEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      lines.push(...chunk.split('\n').filter((line) => line !== ''));
      if (lines.length > 200) lines.splice(0, lines.length - 200);
    });
  }
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
  });
  const url = `http://127.0.0.1:${port}`;
  const handle: ServiceProcess = {
    pid: child.pid ?? -1,
    url,
    exited,
    rssMb: () => readRssMb(child.pid ?? -1),
    output: () => lines.join('\n'),
    kill: (signal) => {
      if (exit === undefined) child.kill(signal);
    },
    async stop() {
      handle.kill('SIGKILL');
      return exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exit !== undefined) throw new Error(`dtool-notify serve exited with ${exit.code ?? exit.signal} at start-up:\n${handle.output()}`);
    const healthy = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) return handle;
    if (Date.now() > deadline) {
      await handle.stop();
      throw new Error(`dtool-notify serve did not answer /health within ${timeoutMs} ms:\n${handle.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The resident set size of a process, in MB (Linux). */
export function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kilobytes = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kilobytes === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kilobytes) / 1024;
}

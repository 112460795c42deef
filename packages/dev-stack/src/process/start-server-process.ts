// The one process runner of the dev tooling: a server launched, awaited until ready, stopped,
// and never left behind (execa's `cleanup` kills it when this process exits).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { sleep } from '../progress/progress.js';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;
const KEPT_OUTPUT_LINES = 80;

/** A data directory: `given` (created if missing), or a fresh temporary one removed on stop. */
export interface DataDirectory {
  readonly path: string;
  readonly throwaway: boolean;
}

// Throwaway data directories still in use, removed when this process exits however it exits.
const throwawayDirectories = new Set<string>();
process.on('exit', () => {
  for (const path of throwawayDirectories) rmSync(path, { recursive: true, force: true, maxRetries: 3 });
});

/** The data directory to use: `given`, or a fresh temporary one named after `prefix`. */
export function makeDataDirectory(prefix: string, given?: string): DataDirectory {
  if (given !== undefined) {
    mkdirSync(given, { recursive: true });
    return { path: resolve(given), throwaway: false };
  }
  const path = mkdtempSync(join(tmpdir(), prefix));
  throwawayDirectories.add(path);
  return { path, throwaway: true };
}

/** How to launch a server. */
export interface ServerProcessOptions {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Added to this process's environment (or, with `inheritEnv: false`, all of it). */
  readonly env?: Readonly<Record<string, string>>;
  readonly inheritEnv?: boolean;
  /** Where it keeps its data, if anywhere. */
  readonly dataDirectory?: DataDirectory;
  /** Resolves true once the server answers. */
  isReady(): Promise<boolean>;
  /** Each line the server writes (stdout and stderr). */
  readonly onOutput?: ((line: string) => void) | undefined;
  /** Appends its stdout to this file instead (e.g. a JSON log); output() then holds stderr only. */
  readonly stdoutFile?: string;
  /** Opens Node's IPC channel to a Node child (see {@link ServerProcess.ipc}). */
  readonly ipc?: boolean;
  readonly timeoutMs?: number;
}

/** The IPC channel to a Node child started with `ipc: true`. */
export interface IpcChannel {
  send(message: unknown): Promise<void>;
  /** The next message that passes `filter`; ask for it before sending what it answers. */
  next(filter: (message: unknown) => boolean): Promise<unknown>;
}

/** How a process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A running server process. */
export interface ServerProcess {
  readonly pid: number | null;
  readonly startupMs: number;
  /** Settles when the process has exited, however it ended. */
  readonly exited: Promise<ProcessExit>;
  /** Sends a signal unless the process is gone (a test's crash or graceful stop). */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM, SIGKILL after 5 s; removes a throwaway data directory. */
  stop(): Promise<void>;
  /** Its last lines of output. */
  output(): string;
  /** With `ipc: true`. */
  readonly ipc?: IpcChannel;
}

/** Starts a server and waits until `isReady()` says so; on failure the error holds its last output. */
export async function startServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const started = Date.now();
  const lines: string[] = [];
  const child = execa(options.command, [...options.args], {
    env: options.env ?? {},
    extendEnv: options.inheritEnv ?? true,
    stdin: 'ignore',
    ...(options.stdoutFile === undefined ? {} : { stdout: { file: options.stdoutFile, append: true } }),
    ipc: options.ipc ?? false,
    all: true,
    buffer: false,
    reject: false,
    forceKillAfterDelay: STOP_GRACE_MS,
  });
  child.all?.setEncoding('utf8');
  let partial = '';
  child.all?.on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      options.onOutput?.(line);
      lines.push(line);
      if (lines.length > KEPT_OUTPUT_LINES) lines.shift();
    }
  });
  const output = (): string => [...lines, partial].filter((line) => line !== '').join('\n');
  let exit: string | undefined;
  const exited: Promise<ProcessExit> = child.then((result) => {
    exit = result.failed && result.exitCode === undefined && result.signal === undefined ? result.shortMessage : String(result.exitCode ?? result.signal);
    return { code: result.exitCode ?? null, signal: result.signal ?? null };
  });
  const kill = (signal: NodeJS.Signals): void => {
    if (exit === undefined) child.kill(signal);
  };
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      kill('SIGTERM');
      await exited;
      if (options.dataDirectory?.throwaway === true) {
        rmSync(options.dataDirectory.path, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
        throwawayDirectories.delete(options.dataDirectory.path);
      }
    })());
  const fail = async (why: string): Promise<Error> => {
    await stop();
    return new Error(`${options.name} failed to start: ${why}\n${options.command} ${options.args.join(' ')}\n--- last output ---\n${output() || '(none)'}`);
  };
  const timeoutMs = options.timeoutMs ?? READY_TIMEOUT_MS;
  for (;;) {
    if (exit !== undefined) throw await fail(`exited with ${exit}`);
    if (await options.isReady().catch(() => false)) break;
    if (Date.now() - started > timeoutMs) throw await fail(`not ready after ${timeoutMs} ms`);
    await sleep(100);
  }
  const { sendMessage, getOneMessage } = child;
  const ipc: IpcChannel | undefined =
    sendMessage === undefined || getOneMessage === undefined
      ? undefined
      : { send: (message) => sendMessage(message as never), next: (filter) => getOneMessage({ filter }) };
  return { pid: child.pid ?? null, startupMs: Date.now() - started, exited, kill, stop, output, ...(ipc === undefined ? {} : { ipc }) };
}

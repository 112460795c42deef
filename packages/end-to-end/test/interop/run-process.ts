import { spawn } from 'node:child_process';

/** What a finished process left behind. */
export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options of {@link runProcess}. */
export interface RunProcessOptions {
  readonly env: Readonly<Record<string, string>>;
  /** Written to the process's standard input, which is then closed. */
  readonly input?: string;
  readonly timeoutMs?: number;
}

/** Runs a command to completion (killed after `timeoutMs`) and collects its output as UTF-8. */
export function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Like {@link runProcess}, but a non-zero exit is an error that shows the command and its stderr. */
export async function runChecked(command: string, args: readonly string[], options: RunProcessOptions): Promise<string> {
  const result = await runProcess(command, args, options);
  if (result.code !== 0) {
    throw new Error(`\`${[command, ...args].join(' ')}\` exited with ${result.code}:\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

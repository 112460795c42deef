import { execa } from 'execa';

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
export async function runProcess(command: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const result = await execa(command, [...args], {
    env: options.env,
    extendEnv: false,
    input: options.input ?? '',
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    stripFinalNewline: false,
    reject: false,
  });
  // A command that could not be started at all (not installed) is an error, not an exit code.
  if (result.exitCode === undefined && !result.timedOut) throw new Error(result.shortMessage);
  return { code: result.exitCode ?? null, stdout: result.stdout, stderr: result.stderr };
}

/** Like {@link runProcess}, but a non-zero exit is an error that shows the command and its stderr. */
export async function runChecked(command: string, args: readonly string[], options: RunProcessOptions): Promise<string> {
  const result = await runProcess(command, args, options);
  if (result.code !== 0) {
    throw new Error(`\`${[command, ...args].join(' ')}\` exited with ${result.code}:\n${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

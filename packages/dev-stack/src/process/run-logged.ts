import { appendFileSync, readFileSync } from 'node:fs';
import { execa } from 'execa';

/** Options of {@link runLogged}. */
export interface RunLoggedOptions {
  readonly cwd?: string;
  /** Added to this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  /** Each line of output, e.g. for progress lines. */
  readonly onLine?: (line: string) => void;
}

/**
 * Runs a provisioning command (`go install`, `pip install`) to completion, appending its
 * output to `logFile`; throws with the log's last lines when it fails.
 */
export async function runLogged(command: string, args: readonly string[], logFile: string, options: RunLoggedOptions = {}): Promise<void> {
  appendFileSync(logFile, `$ ${command} ${args.join(' ')}\n`);
  const child = execa(command, [...args], {
    ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    env: options.env ?? {},
    stdin: 'ignore',
    all: true,
    buffer: false,
    reject: false,
  });
  for await (const line of child.iterable({ from: 'all' })) {
    appendFileSync(logFile, `${line}\n`);
    options.onLine?.(line.trim());
  }
  const result = await child;
  if (result.exitCode !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` exited with ${result.exitCode ?? result.signal}\nLast lines of ${logFile}:\n${tailFile(logFile, 30)}`);
  }
}

/** The last `count` lines of a file, or `(no log)`. */
function tailFile(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '(no log)';
  }
}

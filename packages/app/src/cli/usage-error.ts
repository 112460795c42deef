import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A command-line mistake: printed without a stack, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** `util.parseArgs`, with its errors turned into {@link UsageError}s. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Runs a command body, printing usage errors and config problems as a clear message. */
export async function reportingUsageErrors(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dtool-notify ${command}: ${error.message}\n`);
    return 2;
  }
}

/** Prints every configuration problem in one message. */
export function printConfigProblems(problems: readonly string[]): void {
  process.stderr.write(`dtool-notify cannot start; fix these settings:\n${problems.map((problem) => `  - ${problem}`).join('\n')}\n`);
}

import { execa } from 'execa';

/** What a shell command printed and how it ended. */
export interface ShellResult {
  readonly exitCode: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
}

// Quiet, and from the local npm cache where it has the package: the commands are the README's
// own; these settings come from the environment, as a user's npmrc would give them.
const NPM_QUIET = { npm_config_audit: 'false', npm_config_fund: 'false', npm_config_prefer_offline: 'true', npm_config_update_notifier: 'false' };

/** Runs a command line in `cwd` as a user types it (globs, `&&`), never reading stdin. */
export async function shell(command: string, cwd: string, env: Readonly<Record<string, string>> = {}): Promise<ShellResult> {
  const result = await execa(command, { cwd, shell: '/bin/bash', stdin: 'ignore', reject: false, env: { ...NPM_QUIET, ...env } });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** Like {@link shell}, failing with the output when the command does. */
export async function mustRun(command: string, cwd: string, env: Readonly<Record<string, string>> = {}): Promise<ShellResult> {
  const result = await shell(command, cwd, env);
  if (result.exitCode !== 0) throw new Error(`\`${command}\` in ${cwd} exited ${result.exitCode}:\n${result.stdout}\n${result.stderr}`);
  return result;
}

/** The README's fenced bash blocks, line by line. */
export function readmeCommands(readme: string): string[] {
  return [...readme.matchAll(/```bash\n([\s\S]*?)```/g)].flatMap((block) => (block[1] ?? '').split('\n')).map((line) => line.trim());
}

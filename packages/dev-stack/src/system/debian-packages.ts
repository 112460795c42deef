// Debian packages the tests use as they are: Chromium for the status-page test, promtool (in
// the prometheus package) to check the documented alert rules, Java and Maven to resolve and
// run the Kafka broker. Installed only when missing.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { runLogged } from '../process/run-logged.js';
import type { Progress } from '../progress/progress.js';
import { cacheRoot } from '../servers/tools.js';

/** A program the tests run, and the Debian package that provides it. */
export interface DebianProgram {
  readonly program: string;
  readonly debianPackage: string;
}

/** What `install system` makes sure of. */
export const DEBIAN_PROGRAMS: readonly DebianProgram[] = [
  { program: '/usr/bin/chromium', debianPackage: 'chromium' },
  { program: '/usr/bin/promtool', debianPackage: 'prometheus' },
  { program: '/usr/bin/java', debianPackage: 'default-jre-headless' },
  { program: '/usr/bin/mvn', debianPackage: 'maven' },
];

/**
 * Installs the Debian packages of the programs that are missing (`apt-get update`, then
 * `apt-get install`), as root; throws naming the packages when that is not possible.
 */
export async function ensureDebianPrograms(progress: Progress, programs: readonly DebianProgram[] = DEBIAN_PROGRAMS): Promise<void> {
  const missing = programs.filter((entry) => !existsSync(entry.program));
  if (missing.length === 0) return;
  const packages = missing.map((entry) => entry.debianPackage);
  if (process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) {
    throw new Error(`missing ${missing.map((entry) => entry.program).join(', ')}: install the Debian packages ${packages.join(' ')} (as root: apt-get install ${packages.join(' ')})`);
  }
  const log = path.join(cacheRoot(), 'logs', 'apt-get.log');
  mkdirSync(path.dirname(log), { recursive: true });
  const env = { PATH: process.env['PATH'] ?? '/usr/sbin:/usr/bin:/sbin:/bin', DEBIAN_FRONTEND: 'noninteractive' };
  progress(`apt-get install ${packages.join(' ')} (log: ${log})`);
  await runLogged('apt-get', ['update'], log, { env });
  await runLogged('apt-get', ['install', '-y', '--no-install-recommends', ...packages], log, { env });
}

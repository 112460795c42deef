#!/usr/bin/env node
// The developer commands of a checkout (never shipped): the root package.json's scripts call them.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { createProgress } from '../progress/progress.js';
import { ensurePythonTools, ORACLE_SCRIPT } from '../python/python-tools.js';
import { runReplay, UsageError } from '../replay/replay-notifications.js';
import { allPaths, ensureKafka, ensureTools, kafkaPaths, REPO_ROOT, startFerretDb, startKafka, startMinio } from '../servers/index.js';
import { runDemo } from '../stack/demo-command.js';
import { runStart } from '../stack/start-command.js';
import { ensureDebianPrograms } from '../system/debian-packages.js';
import { runTestSummary } from './test-summary.js';

const USAGE = `dev-stack: the test servers, local stack and tools of a dtool-notify checkout

  install [servers|python|system|all]   build or reuse MinIO + FerretDB and resolve Kafka's jars, the Python venvs
                                        and/or install Debian's chromium, prometheus (promtool), a Java runtime and
                                        maven when missing (default all)
  server minio|ferretdb|kafka [--data-dir D]
                                        run one test server in the foreground, print its connection JSON
  paths                                 print cache, link and venv locations
  start                                 the local stack: MinIO + MongoDB-protocol server + \`dtool-notify serve\`
  demo                                  upload a sample dataset into the running stack, show it indexed
  replay <file.jsonl> --url <endpoint> [--rate N] [--concurrency N] [--token T] [--content-type T] [--timeout S]
                                        post a captured notification stream (exit 1 on any non-2xx)
  clean-test-results                    forget the last run's test reports
  test-summary                          one closing line for the whole monorepo's test run`;

const progress = createProgress('dev-stack');

const commands: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  async install([which = 'all']) {
    if (!['servers', 'python', 'system', 'all'].includes(which)) throw new UsageError(`install what? "${which}"`);
    if (which === 'system') {
      await ensureDebianPrograms(progress);
      return 0;
    }
    if (which === 'all') {
      // Not being root must not stop the rest: the tests that need them say what is missing.
      await ensureDebianPrograms(progress).catch((error: unknown) => progress(error instanceof Error ? error.message : String(error)));
    }
    if (which !== 'python') {
      // allSettled: a failure of one must not end the process while the other is still building.
      const [links, kafkaLibs] = await Promise.allSettled([ensureTools(), ensureKafka()]);
      if (links.status === 'rejected') throw links.reason;
      if (kafkaLibs.status === 'rejected') throw kafkaLibs.reason;
      for (const [name, link] of Object.entries(links.value)) progress(`${name}: ${link}`);
      progress(`kafka: ${kafkaLibs.value}`);
    }
    // One after the other: two pip runs at once would compete for the same cores and cache.
    if (which !== 'servers') for (const venv of ['main', 'legacy'] as const) progress(`python ${venv}: ${(await ensurePythonTools(venv)).venv}`);
    return 0;
  },
  async server([which, flag, dataDir]) {
    const start = which === 'minio' ? startMinio : which === 'ferretdb' ? startFerretDb : which === 'kafka' ? startKafka : undefined;
    if (start === undefined || (flag !== undefined && flag !== '--data-dir')) throw new UsageError('server minio|ferretdb|kafka [--data-dir DIR]');
    const handle = await start({ dataDir, onOutput: (line) => process.stderr.write(`[${which}] ${line}\n`) });
    const { stop, ...info } = handle;
    process.stdout.write(`${JSON.stringify(info, (key, value: unknown) => (key === 'output' ? undefined : value), 2)}\n`);
    progress(`${which} running (pid ${handle.pid}); Ctrl-C to stop`);
    await new Promise((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await stop();
    return 0;
  },
  async paths() {
    process.stdout.write(`${JSON.stringify({ ...allPaths(), kafka: kafkaPaths(), oracle: ORACLE_SCRIPT }, null, 2)}\n`);
    return 0;
  },
  start: runStart,
  demo: runDemo,
  replay: runReplay,
  async 'clean-test-results'() {
    rmSync(join(REPO_ROOT, '.test-results'), { recursive: true, force: true });
    return 0;
  },
  'test-summary': async () => runTestSummary(),
};

async function main([command, ...args]: string[]): Promise<number> {
  const run = command === undefined ? undefined : commands[command];
  if (run === undefined) {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
  try {
    return await run(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`dev-stack ${command}: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    progress(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { REPO_ROOT } from '../servers/tools.js';
import { startLocalStack, STACK_DSERVER_USERS } from './start-local-stack.js';

/** Where the local stack keeps its data and writes its connection details (gitignored). */
const STACK_DATA_DIR = join(REPO_ROOT, '.data');
/** The running stack's connection details, for `npm run demo`. */
export const STACK_INFO_FILE = join(STACK_DATA_DIR, 'stack.json');

/**
 * `npm start`: the local stack for trying the product in a checkout: MinIO and the
 * MongoDB-protocol server with data under `.data/`, MinIO notifying the service, and the
 * service itself run as an operator runs it (`dtool-notify serve`, the workspace's bin) in the
 * foreground until Ctrl-C. With `--dserver`, dserver 0.22 too, and the service registers
 * datasets through dserver's API.
 */
export async function runStart(args: string[] = []): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--dserver');
  if (unknown.length > 0) {
    process.stderr.write(`npm start: unknown option ${unknown.join(' ')} (the only one is --dserver)\n`);
    return 2;
  }
  const port = Number(process.env['DSERVER_NOTIFY_PORT'] ?? 5000);
  process.stderr.write('starting the local stack (the first run builds MinIO and FerretDB, which takes minutes)…\n');
  const stack = await startLocalStack({ dataDir: STACK_DATA_DIR, servicePort: port, dserver: args.includes('--dserver') });
  const dserver =
    stack.dserver === undefined ? undefined : { url: stack.dserver.url, user: STACK_DSERVER_USERS.reader, token: stack.dserver.tokens[STACK_DSERVER_USERS.reader] ?? '' };
  try {
    const service = execa('dtool-notify', ['serve'], {
      cwd: REPO_ROOT,
      preferLocal: true,
      env: stack.serviceEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
      reject: false,
      forceKillAfterDelay: 30_000,
    });
    const info = { serviceUrl: stack.serviceUrl, bucket: stack.bucket, baseUri: stack.baseUri, s3: stack.s3, mongoUri: stack.mongoUri, ...(dserver === undefined ? {} : { dserver }) };
    await writeFile(STACK_INFO_FILE, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    process.stdout.write(`
dtool-notify local stack is up
  service     ${stack.serviceUrl}  (POST /webhook/notify, GET /ready)
  MinIO (S3)  ${stack.s3.endpoint}  bucket "${stack.bucket}" notifies the service (user ${stack.s3.accessKeyId}, password in .data/stack.json)
  MongoDB     ${stack.mongoUri}  database dtool_info, collection datasets
${dserver === undefined ? '' : `  dserver     ${dserver.url}  the service registers as "${STACK_DSERVER_USERS.service}"; user "${dserver.user}" may search (token in .data/stack.json)\n`}
Next, in another terminal:
  npm run demo                 upload a sample dtool dataset and watch it appear in the index${dserver === undefined ? '' : ' and in dserver'}
  curl ${stack.serviceUrl}/ready

Ctrl-C stops everything (data stays in .data/).
`);
    const stopped = new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    const result = await Promise.race([service, stopped]);
    if (result !== undefined) {
      process.stderr.write(`the service exited (${result.exitCode ?? result.signal}); stopping the stack\n`);
      return 1;
    }
    process.stderr.write('stopping…\n');
    service.kill('SIGTERM');
    await service;
    return 0;
  } finally {
    await stack.stop();
  }
}

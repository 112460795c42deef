import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../compose/create-logger.js';
import { startLocalStack, STACK_DSERVER_USERS } from '../stack/start-local-stack.js';
import { loadTestServers } from '../stack/test-servers.js';

/** Where the local stack keeps its data and writes its connection details (gitignored). */
export const STACK_DATA_DIR = fileURLToPath(new URL('../../../../.data/', import.meta.url));
export const STACK_INFO_FILE = `${STACK_DATA_DIR}stack.json`;

/**
 * `dtool-notify start`: the local stack for trying the product in a checkout: MinIO and the
 * MongoDB-protocol server (built by scripts/services.mjs) with data under `.data/`, MinIO
 * notifying the service, and the service in the foreground until Ctrl-C. With `--dserver`,
 * dserver 0.22 too, and the service registers datasets through dserver's API.
 */
export async function runStart(args: string[] = []): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--dserver');
  if (unknown.length > 0) {
    process.stderr.write(`dtool-notify start: unknown option ${unknown.join(' ')} (the only one is --dserver)\n`);
    return 2;
  }
  const withDserver = args.includes('--dserver');
  const servers = await loadTestServers();
  const logger = createLogger(process.env.DSERVER_NOTIFY_LOG_LEVEL ?? 'info');
  const port = Number(process.env.DSERVER_NOTIFY_PORT ?? 5000);
  process.stderr.write('starting the local stack (the first run builds MinIO and FerretDB, which takes minutes)…\n');
  const stack = await startLocalStack({ servers, dataDir: STACK_DATA_DIR, servicePort: port, logger, dserver: withDserver });
  const dserver =
    stack.dserver === undefined ? undefined : { url: stack.dserver.url, user: STACK_DSERVER_USERS.reader, token: stack.dserver.tokens[STACK_DSERVER_USERS.reader] ?? '' };
  const info = {
    serviceUrl: stack.serviceUrl,
    bucket: stack.bucket,
    baseUri: stack.baseUri,
    s3: { endpoint: stack.s3.endpoint, accessKeyId: stack.s3.accessKeyId, region: stack.s3.region },
    mongoUri: stack.mongoUri,
    ...(dserver === undefined ? {} : { dserver }),
  };
  await writeFile(STACK_INFO_FILE, `${JSON.stringify({ ...info, s3: { ...info.s3, secretAccessKey: stack.s3.secretAccessKey } }, null, 2)}\n`, { mode: 0o600 });
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
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write('stopping…\n');
  await stack.stop();
  return 0;
}

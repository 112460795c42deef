import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../compose/create-logger.js';
import { startLocalStack } from '../stack/start-local-stack.js';
import { loadTestServers } from '../stack/test-servers.js';

/** Where the local stack keeps its data and writes its connection details (gitignored). */
export const STACK_DATA_DIR = fileURLToPath(new URL('../../../../.data/', import.meta.url));
export const STACK_INFO_FILE = `${STACK_DATA_DIR}stack.json`;

/**
 * `dtool-notify start`: the local stack for trying the product in a checkout: MinIO and the
 * MongoDB-protocol server (built by scripts/services.mjs) with data under `.data/`, MinIO
 * notifying the service, and the service in the foreground until Ctrl-C.
 */
export async function runStart(): Promise<number> {
  const servers = await loadTestServers();
  const logger = createLogger(process.env.DSERVER_NOTIFY_LOG_LEVEL ?? 'info');
  const port = Number(process.env.DSERVER_NOTIFY_PORT ?? 5000);
  process.stderr.write('starting the local stack (the first run builds MinIO and FerretDB, which takes minutes)…\n');
  const stack = await startLocalStack({ servers, dataDir: STACK_DATA_DIR, servicePort: port, logger });
  const info = {
    serviceUrl: stack.serviceUrl,
    bucket: stack.bucket,
    baseUri: stack.baseUri,
    s3: { endpoint: stack.s3.endpoint, accessKeyId: stack.s3.accessKeyId, region: stack.s3.region },
    mongoUri: stack.mongoUri,
  };
  await writeFile(STACK_INFO_FILE, `${JSON.stringify({ ...info, s3: { ...info.s3, secretAccessKey: stack.s3.secretAccessKey } }, null, 2)}\n`, { mode: 0o600 });
  process.stdout.write(`
dtool-notify local stack is up
  service     ${stack.serviceUrl}  (POST /webhook/notify, GET /ready)
  MinIO (S3)  ${stack.s3.endpoint}  bucket "${stack.bucket}" notifies the service (user ${stack.s3.accessKeyId}, password in .data/stack.json)
  MongoDB     ${stack.mongoUri}  database dtool_info, collection datasets

Next, in another terminal:
  npm run demo                 upload a sample dtool dataset and watch it appear in the index
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

import { readFile } from 'node:fs/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { MongoClient } from 'mongodb';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { STACK_INFO_FILE } from './start-command.js';

interface StackInfo {
  readonly bucket: string;
  readonly baseUri: string;
  readonly mongoUri: string;
  readonly s3: { readonly endpoint: string; readonly accessKeyId: string; readonly secretAccessKey: string; readonly region: string };
  /** Present when the stack runs dserver (`npm start -- --dserver`): a user that may search. */
  readonly dserver?: { readonly url: string; readonly user: string; readonly token: string };
}

/**
 * `npm run demo`: uploads a sample dtool dataset into the running local stack's bucket,
 * exactly as `dtool copy` writes it, and waits for its document to appear in the index (or,
 * when the stack runs dserver, for dserver's own API to show it).
 */
export async function runDemo(): Promise<number> {
  const info = await readStackInfo();
  const client = new S3Client({ endpoint: info.s3.endpoint, region: info.s3.region, forcePathStyle: true, credentials: info.s3 });
  // With dserver, its Mongo plugins own the collection: the demo only asks dserver.
  const mongo = info.dserver === undefined ? await MongoClient.connect(info.mongoUri) : undefined;
  try {
    const dataset = buildDataset({
      bucket: info.bucket,
      name: 'demo-dataset',
      prefix: 'u/demo/',
      items: 25,
      readme: '---\ndescription: a sample dataset uploaded by dtool-notify demo\nproject: demo\n',
      tags: ['demo'],
      annotations: { project: 'demo' },
    });
    const uri = `${info.baseUri}/${dataset.uuid}`;
    process.stdout.write(`uploading ${dataset.objects.length} objects of dataset ${dataset.uuid} to ${info.s3.endpoint}/${info.bucket}/u/demo/ …\n`);
    const started = Date.now();
    await writeDataset(createS3DatasetStorage(client, info.bucket), dataset);
    if (info.dserver !== undefined) return await showInDserver(info.dserver, uri, started);
    if (mongo === undefined) return 1;
    const datasets = mongo.db('dtool_info').collection('datasets');
    const document = await waitForDocument(() => datasets.findOne({ uri }, { projection: { _id: 0, manifest: 0 } }), 15_000);
    if (document === null) {
      process.stderr.write(`the dataset did not appear in the index within 15 s: is "npm start" running? (check ${info.baseUri} in its log)\n`);
      return 1;
    }
    process.stdout.write(`indexed ${uri} ${Date.now() - started} ms after the upload began:\n${JSON.stringify(document, null, 2)}\n`);
    return 0;
  } finally {
    client.destroy();
    await mongo?.close();
  }
}

/** Waits until dserver answers `GET /uris/<uri>`, then prints what its routes say about the dataset. */
async function showInDserver(dserver: NonNullable<StackInfo['dserver']>, uri: string, started: number): Promise<number> {
  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${dserver.url}${path}`, { headers: { authorization: `Bearer ${dserver.token}` } });
    return { status: response.status, body: response.headers.get('content-type')?.includes('json') === true ? await response.json() : await response.text() };
  };
  const suffix = uri.replace('://', '/');
  const deadline = Date.now() + 15_000;
  let found = await get(`/uris/${suffix}`);
  while (found.status !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = await get(`/uris/${suffix}`);
  }
  if (found.status !== 200) {
    process.stderr.write(`dserver did not show ${uri} within 15 s (last answer: HTTP ${found.status}): is "npm start -- --dserver" running?\n`);
    return 1;
  }
  process.stdout.write(`dserver shows ${uri} ${Date.now() - started} ms after the upload began (as user "${dserver.user}"):\n`);
  for (const route of ['uris', 'readmes', 'tags', 'annotations']) {
    process.stdout.write(`GET ${dserver.url}/${route}/${suffix}\n${JSON.stringify((await get(`/${route}/${suffix}`)).body, null, 2)}\n`);
  }
  return 0;
}

async function readStackInfo(): Promise<StackInfo> {
  try {
    return JSON.parse(await readFile(STACK_INFO_FILE, 'utf8')) as StackInfo;
  } catch {
    throw new Error(`no local stack found (${STACK_INFO_FILE}); run "npm start" first, then "npm run demo" in another terminal`);
  }
}

async function waitForDocument<T>(find: () => Promise<T | null>, timeoutMs: number): Promise<T | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const document = await find();
    if (document !== null) return document;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return null;
}

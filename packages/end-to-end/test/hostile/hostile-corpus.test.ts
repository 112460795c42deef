import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { MongoClient } from 'mongodb';
import { entryRequest, readCorpus, type CorpusEntry } from './corpus-entry.js';
import { HOSTILE_BODY_LIMIT, startHostileStack, type HostileStack } from './hostile-stack.js';
import { sendRaw, type RawAnswer } from './raw-http.js';

interface Memory {
  readonly rss: number;
  readonly heapUsed: number;
}

// A full collection before each reading, so that growth means retained memory, not garbage.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

function measureMemory(): Memory {
  collectGarbage();
  const { rss, heapUsed } = process.memoryUsage();
  return { rss, heapUsed };
}

const corpus = readCorpus(new URL('./corpus/', import.meta.url));
const entries = corpus.flatMap((file) => file.entries);

let hostile: HostileStack;
let mongo: MongoClient;
let writesBefore: number;
let memoryBefore: Memory;
const outboundFetches: string[] = [];

beforeAll(async () => {
  hostile = await startHostileStack();
  mongo = await MongoClient.connect(hostile.stack.mongoUri);
  writesBefore = hostile.stack.service.index.stats().writes;
  // The service runs in this process: any SubscribeURL it tried to visit would show here.
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input) => {
    outboundFetches.push(String(input instanceof Request ? input.url : input));
    throw new Error('no outbound requests from the hostile corpus');
  });
  memoryBefore = measureMemory();
});

afterAll(async () => {
  vi.restoreAllMocks();
  await mongo?.close();
  await hostile?.stack.stop();
});

const send = (entry: CorpusEntry): Promise<RawAnswer> =>
  sendRaw({
    host: hostile.host,
    port: hostile.port,
    parts: entryRequest(entry, hostile.placeholders, HOSTILE_BODY_LIMIT),
    bodyless: entry.method === 'HEAD',
    timeoutMs: 15_000,
  });

/** Every reason an answer gives: the error, an acknowledgement, each record's reason. */
function reasonsOf(json: unknown): string[] {
  if (typeof json !== 'object' || json === null) return [];
  const body = json as { error?: unknown; acknowledged?: unknown; records?: unknown; dtool_notify?: unknown };
  const records = Array.isArray(body.records) ? (body.records as Array<{ reason?: unknown }>) : [];
  return [body.error, body.acknowledged, ...records.map((record) => record.reason), ...reasonsOf(body.dtool_notify)].filter(
    (reason): reason is string => typeof reason === 'string' && reason !== '',
  );
}

async function expectServiceUp(): Promise<void> {
  const health = await sendRaw({
    host: hostile.host,
    port: hostile.port,
    parts: [Buffer.from(`GET /health HTTP/1.1\r\nHost: ${hostile.placeholders['HOST']}\r\nConnection: close\r\n\r\n`)],
  });
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
}

test(`the corpus holds at least 100 requests (${entries.length})`, () => {
  expect(entries.length).toBeGreaterThanOrEqual(100);
  expect(new Set(entries.map((entry) => entry.name)).size).toBe(entries.length);
});

describe.each(corpus.map((file) => [file.category, file] as const))('hostile corpus: %s', (_, file) => {
  test.each(file.entries.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const answer = await send(entry);
    const expected = typeof entry.expectStatus === 'number' ? [entry.expectStatus] : entry.expectStatus;
    expect(answer.status, `no answer (${answer.ending} after ${answer.elapsedMs} ms): ${answer.body.slice(0, 200)}`).toBeDefined();
    expect(answer.status).toBeLessThan(500);
    expect(expected, `status ${answer.status}, body ${answer.body.slice(0, 300)}`).toContain(answer.status);
    if (entry.method !== 'HEAD' && !(answer.status === 200 && entry.method === 'OPTIONS')) {
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      const reasons = reasonsOf(JSON.parse(answer.body));
      expect(reasons.length, `no reason in ${answer.body.slice(0, 300)}`).toBeGreaterThan(0);
      if (entry.expectReason !== undefined) expect(reasons.join(' | ')).toMatch(new RegExp(entry.expectReason));
    }
    await expectServiceUp();
  });
});

describe('after the whole corpus', () => {
  test('no request wrote to the index, though the bucket holds the dataset every request named', async () => {
    await hostile.stack.service.synchronizer.whenIdle();
    expect(hostile.stack.service.index.stats().writes).toBe(writesBefore);
    expect(await mongo.db('dtool_info').collection('datasets').countDocuments()).toBe(0);
  });

  test('no prototype was polluted and no SubscribeURL was visited', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(({} as Record<string, unknown>)['isAdmin']).toBeUndefined();
    expect(outboundFetches).toEqual([]);
  });

  test('memory stays bounded: further passes over the corpus do not grow the heap', async () => {
    const afterFirstPass = measureMemory();
    for (const entry of entries) await send(entry);
    const afterSecondPass = measureMemory();
    for (const entry of entries) await send(entry);
    const afterThirdPass = measureMemory();
    const mebibytes = (bytes: number): string => (bytes / 1024 / 1024).toFixed(1);
    const show = (name: string, memory: Memory): string => `${name}: RSS ${mebibytes(memory.rss)} MiB, heap ${mebibytes(memory.heapUsed)} MiB`;
    console.info(
      `hostile corpus memory (the test process, which runs the service; heap after a full GC): ${[
        show('before', memoryBefore),
        show('after 1 pass', afterFirstPass),
        show('after 2', afterSecondPass),
        show('after 3', afterThirdPass),
      ].join('; ')}. S3 requests by the reader: ${JSON.stringify(hostile.stack.service.reader.stats().requestsByOperation)}`,
    );
    expect(afterFirstPass.rss - memoryBefore.rss).toBeLessThan(512 * 1024 * 1024);
    expect(afterThirdPass.rss - afterFirstPass.rss).toBeLessThan(256 * 1024 * 1024);
    expect(afterThirdPass.heapUsed - afterFirstPass.heapUsed).toBeLessThan(32 * 1024 * 1024);
    await expectServiceUp();
    expect(hostile.stack.service.index.stats().writes).toBe(writesBefore);
  });

  test('control: the same service indexes the dataset from one genuine notification', async () => {
    const { BUCKET, KEY_ENCODED, HOST } = hostile.placeholders;
    const body = JSON.stringify({ Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key: KEY_ENCODED } } }] });
    const answer = await sendRaw({
      host: hostile.host,
      port: hostile.port,
      parts: [Buffer.from(`POST /webhook/notify HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)],
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ summary: { indexed: 1 } });
    expect(hostile.stack.service.index.stats().writes).toBe(writesBefore + 1);
    expect(await mongo.db('dtool_info').collection('datasets').countDocuments()).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startHostileStack, type HostileStack } from './hostile-stack.js';
import { sendRaw, type RawAnswer } from './raw-http.js';

const HEADERS_TIMEOUT_MS = 1500;
const REQUEST_TIMEOUT_MS = 3000;
/** Node checks the timeouts every `connectionsCheckingInterval` (a quarter of the headers timeout here), plus scheduling. */
const SLACK_MS = 1500;

let hostile: HostileStack;

beforeAll(async () => {
  hostile = await startHostileStack({
    DSERVER_NOTIFY_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    DSERVER_NOTIFY_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  });
});

afterAll(async () => {
  await hostile?.stack.stop();
});

const bytesOf = (text: string): Buffer[] => [...Buffer.from(text, 'latin1')].map((byte) => Buffer.of(byte));

function drip(parts: readonly Uint8Array[], delayMs: number): Promise<RawAnswer> {
  return sendRaw({ host: hostile.host, port: hostile.port, parts, delayMs, timeoutMs: 20_000 });
}

async function expectHealthy(): Promise<void> {
  const health = await sendRaw({
    host: hostile.host,
    port: hostile.port,
    parts: [Buffer.from(`GET /health HTTP/1.1\r\nHost: ${hostile.placeholders['HOST']}\r\n\r\n`)],
  });
  expect(health.status).toBe(200);
}

describe('slow clients are cut off by the configured timeouts', () => {
  test('headers sent one byte per second get a JSON 408 once the headers timeout passes', async () => {
    const request = `POST /webhook/notify HTTP/1.1\r\nHost: ${hostile.placeholders['HOST']}\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;
    const answer = await drip(bytesOf(request), 1000);
    console.info(`slow-drip headers: answered ${answer.status} and closed after ${answer.elapsedMs} ms (headers timeout ${HEADERS_TIMEOUT_MS} ms)`);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual({ error: 'the request was not received in time' });
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100);
    expect(answer.elapsedMs).toBeLessThan(HEADERS_TIMEOUT_MS + SLACK_MS);
  });

  test('a body sent one byte every 200 ms gets a JSON 408 once the request timeout passes', async () => {
    const body = JSON.stringify({ Records: [] }).padEnd(400, ' ');
    const head = `POST /webhook/notify HTTP/1.1\r\nHost: ${hostile.placeholders['HOST']}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const answer = await drip([Buffer.from(head), ...bytesOf(body)], 200);
    console.info(`slow-drip body: answered ${answer.status} and closed after ${answer.elapsedMs} ms (request timeout ${REQUEST_TIMEOUT_MS} ms)`);
    expect(answer.status).toBe(408);
    expect(JSON.parse(answer.body)).toEqual({ error: 'the request was not received in time' });
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
    expect(answer.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
  });

  test('a chunked body that stalls after its first chunk is cut off by the request timeout', async () => {
    const head = `POST /elastic-search/notify/all/${hostile.placeholders['BUCKET']}_${hostile.placeholders['KEY']} HTTP/1.1\r\nHost: ${hostile.placeholders['HOST']}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const answer = await sendRaw({ host: hostile.host, port: hostile.port, parts: [Buffer.from(`${head}1\r\n{\r\n`)], timeoutMs: 20_000 });
    console.info(`stalled chunked body: answered ${answer.status} and closed after ${answer.elapsedMs} ms`);
    expect(answer.status).toBe(408);
    expect(answer.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
  });

  test('a connection that never sends a byte is closed by the headers timeout', async () => {
    const answer = await sendRaw({ host: hostile.host, port: hostile.port, parts: [], timeoutMs: 20_000 });
    console.info(`silent connection: ${answer.ending} after ${answer.elapsedMs} ms, status ${answer.status ?? 'none'}`);
    expect(answer.ending).not.toBe('timed-out');
    expect(answer.elapsedMs).toBeLessThan(REQUEST_TIMEOUT_MS + SLACK_MS);
  });

  test('twenty slow clients at once do not keep others from being served, nor the service from writing nothing', async () => {
    const request = `POST /webhook/notify HTTP/1.1\r\nHost: ${hostile.placeholders['HOST']}\r\nContent-Length: 2\r\n\r\n{}`;
    const slow = Array.from({ length: 20 }, () => drip(bytesOf(request), 500));
    const started = performance.now();
    await expectHealthy();
    expect(performance.now() - started).toBeLessThan(500);
    const answers = await Promise.all(slow);
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 20 }, () => 408));
    await expectHealthy();
    expect(hostile.stack.service.index.stats().writes).toBe(0);
  });
});

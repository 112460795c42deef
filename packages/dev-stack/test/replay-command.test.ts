import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, test } from 'vitest';
import { readFixtureText } from '@dtool-notify/testkit';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

interface Received {
  readonly body: string;
  readonly at: number;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
}

/** An endpoint that holds each request `holdMs`, answers `statusFor(body)` and records what it saw. */
async function startEndpoint(holdMs: number, statusFor: (body: string) => number = () => 200) {
  const received: Received[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((request: IncomingMessage, response) => {
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, at: performance.now(), authorization: request.headers.authorization, contentType: request.headers['content-type'] });
      setTimeout(() => {
        inFlight -= 1;
        response.writeHead(statusFor(body), { 'content-type': 'application/json' }).end('{}');
      }, holdMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook/notify`, received, maxInFlight: () => maxInFlight };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const replay = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, [cli, 'replay', ...args], { env: { PATH: process.env.PATH ?? '' } }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : ((error as { code?: number }).code ?? 1), stdout, stderr });
    });
  });

/** The captured MinIO stream of a dataset copy and of reads, as one file with CRLF endings and blank lines. */
function capturedStream(): { file: string; bodies: string[] } {
  const lines = (path: string) => readFixtureText(path).split('\n').filter((line) => line.trim() !== '');
  const bodies = [...lines('minio/webhook-copy-dataset.jsonl'), ...lines('minio/webhook-access-events.jsonl')];
  const file = join(mkdtempSync(join(tmpdir(), 'replay-')), 'stream.jsonl');
  writeFileSync(file, `${bodies.join('\r\n')}\r\n\r\n`);
  return { file, bodies };
}

describe('npm run replay', { timeout: 30_000 }, () => {
  test('explains a missing --url with exit code 2', async () => {
    expect(await replay(['x.jsonl'])).toMatchObject({ code: 2, stderr: expect.stringContaining('--url <endpoint> is required') });
  });

  test('posts every line once, in file order, at most --concurrency at once and no faster than --rate', async () => {
    const endpoint = await startEndpoint(30);
    const { file, bodies } = capturedStream();
    const rate = 80;
    const result = await replay([file, '--url', endpoint.url, '--concurrency', '3', '--rate', String(rate), '--token', 'replay-token-0123456789']);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ sent: bodies.length, statuses: { 200: bodies.length } });
    expect(endpoint.received.map((request) => request.body).sort()).toEqual([...bodies].sort());
    expect(endpoint.received.every((request) => request.authorization === 'Bearer replay-token-0123456789')).toBe(true);
    expect(endpoint.received.every((request) => request.contentType === 'application/json')).toBe(true);
    expect(endpoint.maxInFlight()).toBeLessThanOrEqual(3);
    expect(endpoint.maxInFlight()).toBeGreaterThanOrEqual(2);
    // Request i starts no earlier than i / rate: the last one at least (n - 1) / rate after the first
    // (measured at the endpoint, where the first arrival also carries the connection set-up).
    const span = (endpoint.received.at(-1)?.at ?? 0) - (endpoint.received[0]?.at ?? 0);
    expect(span).toBeGreaterThanOrEqual(((bodies.length - 1) / rate) * 1000 * 0.75);
    // Started in file order: each request arrives at most a few places from its position in the file.
    endpoint.received.forEach((request, position) => {
      expect(Math.abs(bodies.indexOf(request.body) - position)).toBeLessThanOrEqual(3);
    });
  });

  test('exits 1 and counts each status when the endpoint answers anything but 2xx', async () => {
    const endpoint = await startEndpoint(0, (body) => (body.includes('ObjectAccessed') ? 503 : 200));
    const { file, bodies } = capturedStream();
    const result = await replay([file, '--url', endpoint.url, '--concurrency', '4']);

    const refused = bodies.filter((body) => body.includes('ObjectAccessed')).length;
    expect(refused).toBeGreaterThan(0);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ sent: bodies.length, statuses: { 200: bodies.length - refused, 503: refused } });
  });

  test('exits 1 with every request counted as an error when nothing listens', async () => {
    const endpoint = await startEndpoint(0);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    const { file, bodies } = capturedStream();
    const result = await replay([file, '--url', endpoint.url]);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ sent: bodies.length, statuses: { error: bodies.length } });
  });

  test('counts a request the endpoint holds past --timeout as a timeout', async () => {
    const endpoint = await startEndpoint(3000);
    const { file } = capturedStream();
    const result = await replay([file, '--url', endpoint.url, '--concurrency', '30', '--timeout', '0.2']);

    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({ statuses: { timeout: expect.any(Number) } });
    expect(Object.keys(JSON.parse(result.stdout).statuses)).toEqual(['timeout']);
  });
});

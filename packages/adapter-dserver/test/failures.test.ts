import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '@dtool-notify/domain';
import { buildDataset, expectedDocument, unusedLoopbackPort } from '@dtool-notify/testkit';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDserverDatasetIndex, type DserverDatasetIndex, type DserverSettings } from '../src/index.js';
import { DSERVER_SETUP_MS, startTestDserver, type TestDserver } from './test-dserver.js';

const baseUri = 's3://failures';
const settingsFor = (url: string, credentials: DserverSettings['credentials'], extra: Partial<DserverSettings> = {}): DserverSettings => ({
  url,
  credentials,
  requestTimeoutMs: 5_000,
  maxConcurrentRequests: 4,
  ...extra,
});

function recordingLogger(): Logger & { readonly lines: { level: string; message: string; fields: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
  const at = (level: string) => (fields: Readonly<Record<string, unknown>>, message: string) => void lines.push({ level, message, fields: { ...fields } });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const sampleDocument = () => expectedDocument(buildDataset({ bucket: 'failures', items: 2 }), baseUri);

describe('dserver index against a real dserver: configuration problems and outages', () => {
  let dserver: TestDserver;
  const opened: DserverDatasetIndex[] = [];
  const open = async (settings: DserverSettings, logger?: Logger) => {
    const index = await createDserverDatasetIndex({ settings, baseUris: [baseUri], ...(logger === undefined ? {} : { logger }) });
    opened.push(index);
    return index;
  };

  // Kept across the restart below (a throwaway directory would go with the first stop).
  const dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-dserver-failures-'));
  beforeAll(async () => {
    dserver = await startTestDserver({
      dataDir,
      baseUris: [baseUri],
      users: [
        { username: 'notifier', search: [baseUri], register: [baseUri] },
        { username: 'reader-only', search: [baseUri] },
      ],
    });
  }, DSERVER_SETUP_MS);
  afterAll(async () => {
    await Promise.all(opened.map((index) => index.close()));
    await dserver?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('a token without register permission: one clear error line at start-up, /ready not ready, registrations denied', async () => {
    const logger = recordingLogger();
    const index = await open(settingsFor(dserver.url, { kind: 'token', token: dserver.tokens['reader-only'] ?? '' }), logger);
    const errors = logger.lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe(
      `dserver cannot be used: dserver user "reader-only" lacks register permission on ${baseUri}. Register each base URI and grant both ` +
        `(flask base_uri add <base-uri>; flask user search_permission reader-only <base-uri>; flask user register_permission reader-only <base-uri>)`,
    );
    expect(JSON.stringify(logger.lines)).not.toContain(dserver.tokens['reader-only']);
    expect(await index.checkReadiness()).toEqual({ ready: false, reason: expect.stringContaining('lacks register permission') });
    await expect(index.upsert(sampleDocument())).rejects.toMatchObject({ code: 'access-denied', message: expect.stringContaining('HTTP 403') });
  });

  test('a token signed with another key is rejected as a configuration problem', async () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const logger = recordingLogger();
    const index = await open(settingsFor(dserver.url, { kind: 'private-key', privateKeyPem: otherKey, username: 'notifier', tokenLifetimeSeconds: 60 }), logger);
    expect(logger.lines.filter((line) => line.level === 'error').map((line) => line.message)).toEqual([
      expect.stringMatching(/^dserver cannot be used: dserver rejected the service's token for GET \/me \(HTTP 422: .*Signature verification failed/),
    ]);
    await expect(index.exists(`${baseUri}/x`)).rejects.toMatchObject({ code: 'access-denied' });
  });

  test('tokens minted from dserver\'s private key register, find and remove datasets', async () => {
    const logger = recordingLogger();
    const index = await open(settingsFor(dserver.url, { kind: 'private-key', privateKeyPem: dserver.privateKeyPem, username: 'notifier', tokenLifetimeSeconds: 60 }), logger);
    expect(logger.lines.map((line) => line.message)).toEqual(['dataset index ready (dserver)']);
    expect(await index.checkReadiness()).toEqual({ ready: true });
    const document = sampleDocument();
    await index.upsert(document);
    expect(await index.exists(document.uri)).toBe(true);
    expect(await index.listUris(baseUri)).toContain(document.uri);
    expect(await index.deleteByUri(document.uri)).toBe(true);
    expect(await index.exists(document.uri)).toBe(false);
  });

  test('dserver refusing a document (no creator_username) is a permanent failure of that dataset', async () => {
    const index = await open(settingsFor(dserver.url, { kind: 'token', token: dserver.tokens['notifier'] ?? '' }));
    const { creator_username: _dropped, ...document } = sampleDocument();
    await expect(index.upsert(document)).rejects.toMatchObject({ code: 'permanent', message: expect.stringContaining('HTTP 400') });
    expect(await index.exists(document.uri)).toBe(false);
  });

  test('dserver stopped: retryable failures and not ready; restarted on the same data: works again', async () => {
    const { port } = dserver;
    const index = await open(settingsFor(dserver.url, { kind: 'token', token: dserver.tokens['notifier'] ?? '' }));
    await dserver.stop();
    await expect(index.upsert(sampleDocument())).rejects.toMatchObject({ code: 'retryable', message: expect.stringContaining('ECONNREFUSED') });
    expect(await index.checkReadiness()).toMatchObject({ ready: false, reason: expect.stringContaining('unavailable') });
    dserver = await startTestDserver({ dataDir, port, baseUris: [baseUri], users: [{ username: 'notifier', search: [baseUri], register: [baseUri] }] });
    const document = sampleDocument();
    await index.upsert(document);
    expect(await index.exists(document.uri)).toBe(true);
  });
});

describe('dserver index transport', () => {
  let server: Server;
  let url: string;
  let inFlight = 0;
  let mostInFlight = 0;
  let connections = 0;
  let hang = false;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (hang) return;
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      setTimeout(() => {
        inFlight -= 1;
        response.writeHead(request.url === '/me' ? 200 : 404, { 'content-type': 'application/json' });
        response.end(request.url === '/me' ? '{"username":"u","search_permissions_on_base_uris":[],"register_permissions_on_base_uris":[]}' : '{}');
      }, 20);
    });
    server.on('connection', () => void (connections += 1));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('keeps at most the configured number of requests in flight, over kept-alive connections', async () => {
    connections = 0;
    const index = await createDserverDatasetIndex({ settings: settingsFor(url, { kind: 'token', token: 'a.b.c' }, { maxConcurrentRequests: 3 }), baseUris: [] });
    mostInFlight = 0;
    const found = await Promise.all(Array.from({ length: 30 }, (_, position) => index.exists(`s3://b/${position}`)));
    expect(found.every((exists) => !exists)).toBe(true);
    expect(mostInFlight).toBeGreaterThan(1);
    expect(mostInFlight).toBeLessThanOrEqual(3);
    // 31 requests (the start-up check included) over at most 3 connections.
    expect(connections).toBeLessThanOrEqual(3);
    await index.close();
  });

  test('dserver not reachable at start-up: a warning, not a configuration error, and not ready', async () => {
    const logger = recordingLogger();
    const index = await createDserverDatasetIndex({ settings: settingsFor(`http://127.0.0.1:${await unusedLoopbackPort()}`, { kind: 'token', token: 'a.b.c' }), baseUris: [baseUri], logger });
    expect(logger.lines.map((line) => [line.level, line.message])).toEqual([['warn', expect.stringMatching(/^dserver is not reachable yet: .*ECONNREFUSED/)]]);
    expect(await index.checkReadiness()).toMatchObject({ ready: false });
    await index.close();
  });

  test('a dserver that never answers fails the request as retryable after the time limit', async () => {
    const index = await createDserverDatasetIndex({ settings: settingsFor(url, { kind: 'token', token: 'a.b.c' }, { requestTimeoutMs: 300 }), baseUris: [] });
    hang = true;
    const started = Date.now();
    await expect(index.exists('s3://b/u')).rejects.toMatchObject({ code: 'retryable', message: expect.stringContaining('no answer within 300 ms') });
    expect(Date.now() - started).toBeLessThan(2_000);
    hang = false;
    await index.close();
  });
});

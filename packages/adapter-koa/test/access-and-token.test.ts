import { afterEach, describe, expect, test } from 'vitest';
import { readFixtureText } from '@dtool-notify/testkit';
import { createNetworkAccessPolicy } from '../src/index.js';
import { send, startHarness, type Harness } from './harness.js';

const TOKEN = 'n0tify-t0ken-Xy9';
const body = readFixtureText('aws/s3-test-event.json');

describe('who may notify', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  test('a peer outside the allowed networks gets 403 with a reason, however it forges X-Forwarded-For', async () => {
    harness = await startHarness({ accessPolicy: createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'] }) });
    for (const headers of [{}, { 'x-forwarded-for': '10.0.0.1' }, { 'x-real-ip': '10.0.0.1' }, { 'x-forwarded-for': '127.0.0.1' }]) {
      const response = await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json', headers });
      expect(response.status).toBe(403);
      expect(response.json).toEqual({ error: 'address 127.0.0.1 may not send notifications here' });
    }
    expect(harness.logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ event: 'access-denied' }) }));
  });

  test('behind a trusted proxy the client address in X-Forwarded-For decides', async () => {
    harness = await startHarness({
      accessPolicy: createNetworkAccessPolicy({ allowFrom: ['192.0.2.0/24'], trustedProxies: ['127.0.0.1'] }),
    });
    const post = (headers: Record<string, string>) => send(`${harness?.url}/webhook/notify`, { body, contentType: 'application/json', headers });
    expect((await post({ 'x-forwarded-for': '192.0.2.10' })).status).toBe(200);
    expect((await post({ 'x-forwarded-for': '192.0.2.10, 198.51.100.7' })).status).toBe(403);
    // Only the configured header (X-Forwarded-For by default) names the client.
    expect((await post({ 'x-real-ip': '192.0.2.11' })).status).toBe(403);
    expect((await post({})).status).toBe(403);
  });

  test('the Elasticsearch routes are guarded by the same policy', async () => {
    harness = await startHarness({ accessPolicy: createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'] }) });
    expect((await send(`${harness.url}/elastic-search/`, { method: 'GET' })).status).toBe(403);
    expect((await send(`${harness.url}/elastic-search/idx/_doc`, { body, contentType: 'application/json' })).status).toBe(403);
  });

  test('health is open to everyone; readiness only to those who may notify', async () => {
    harness = await startHarness({ accessPolicy: createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'] }) });
    expect((await send(`${harness.url}/health`, { method: 'GET' })).json).toEqual({ status: 'ok' });
    const ready = await send(`${harness.url}/ready`, { method: 'GET' });
    expect(ready.status).toBe(403);
    expect(ready.json).toEqual({ error: 'address 127.0.0.1 may not send notifications here' });
  });
});

describe('the notify token', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  test('a missing token gets 401 with a Bearer challenge', async () => {
    harness = await startHarness({ authToken: TOKEN });
    const response = await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json' });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(response.json).toEqual({ error: 'this endpoint needs Authorization: Bearer <token>' });
  });

  test('a wrong token gets 401', async () => {
    harness = await startHarness({ authToken: TOKEN });
    for (const authorization of [`Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, TOKEN, `Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`]) {
      const response = await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json', headers: { authorization } });
      expect(response.status).toBe(401);
      expect(response.json).toEqual({ error: 'the token is not valid' });
    }
  });

  test('the right token is accepted as bearer token and as basic-auth password', async () => {
    harness = await startHarness({ authToken: TOKEN });
    const bearer = await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bearer.status).toBe(200);
    const basic = `Basic ${Buffer.from(`elastic:${TOKEN}`).toString('base64')}`;
    expect((await send(`${harness.url}/elastic-search/`, { method: 'GET', headers: { authorization: basic } })).status).toBe(200);
    expect((await send(`${harness.url}/elastic-search/`, { method: 'GET' })).status).toBe(401);
  });

  test('the access policy is checked before the token', async () => {
    harness = await startHarness({ authToken: TOKEN, accessPolicy: createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'] }) });
    const response = await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(response.status).toBe(403);
  });

  test('a HEAD probe of the notify route answers 200 once the guard passes', async () => {
    harness = await startHarness({ authToken: TOKEN });
    expect((await send(`${harness.url}/webhook/notify`, { method: 'HEAD', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(200);
    expect((await send(`${harness.url}/webhook/notify`, { method: 'HEAD' })).status).toBe(401);
  });

  test('the token never appears in a log line', async () => {
    harness = await startHarness({ authToken: TOKEN });
    await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json', headers: { authorization: `Bearer ${TOKEN}` } });
    await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json', headers: { authorization: `Bearer ${TOKEN}-wrong` } });
    expect(harness.logger.lines.length).toBeGreaterThan(0);
    expect(JSON.stringify(harness.logger.lines)).not.toContain(TOKEN);
  });
});

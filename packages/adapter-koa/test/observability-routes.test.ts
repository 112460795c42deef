import { afterEach, describe, expect, test } from 'vitest';
import type { ObservedNotification } from '@dtool-notify/domain';
import { createNetworkAccessPolicy, type ObservabilityPages } from '../src/index.js';
import { send, startHarness, type Harness } from './harness.js';

const token = 'observability-token-0123456789';
const pages: ObservabilityPages = {
  metrics: async () => ({ contentType: 'text/plain; version=0.0.4; charset=utf-8', body: 'dtool_notify_syncs_running 0\n' }),
  statusPage: async () => '<!doctype html><title>dtool-notify status</title>',
};

describe('GET /metrics and GET /status', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.close();
    harness = undefined;
  });

  test('are refused with 403 to an address outside the allowed networks, even with the token', async () => {
    harness = await startHarness({ accessPolicy: createNetworkAccessPolicy({ allowFrom: ['10.0.0.0/8'] }), authToken: token, observabilityPages: pages });
    for (const path of ['/metrics', '/status']) {
      const response = await send(`${harness.url}${path}`, { method: 'GET', headers: { Authorization: `Bearer ${token}` } });
      expect(response.status, path).toBe(403);
      expect(response.text).not.toContain('dtool_notify_');
    }
  });

  test('need the token when one is configured, and serve the pages with it', async () => {
    harness = await startHarness({ authToken: token, observabilityPages: pages });
    expect((await send(`${harness.url}/metrics`, { method: 'GET' })).status).toBe(401);
    expect((await send(`${harness.url}/status`, { method: 'GET', headers: { Authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const metrics = await send(`${harness.url}/metrics`, { method: 'GET', headers: { Authorization: `Bearer ${token}` } });
    expect(metrics).toMatchObject({ status: 200, text: 'dtool_notify_syncs_running 0\n' });
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const status = await send(`${harness.url}/status`, { method: 'GET', headers: { Authorization: `Bearer ${token}` } });
    expect(status.status).toBe(200);
    expect(status.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(status.headers.get('content-security-policy')).toContain("default-src 'none'");
  });

  test('without the notify routes (a Kafka-only process) they are all that is served, with /health and /ready', async () => {
    harness = await startHarness({ authToken: token, observabilityPages: pages, notifyRoutes: false });
    const auth = { Authorization: `Bearer ${token}` };
    expect((await send(`${harness.url}/metrics`, { method: 'GET', headers: auth })).status).toBe(200);
    expect((await send(`${harness.url}/status`, { method: 'GET', headers: auth })).status).toBe(200);
    expect((await send(`${harness.url}/ready`, { method: 'GET', headers: auth })).status).toBe(200);
    expect((await send(`${harness.url}/health`, { method: 'GET' })).status).toBe(200);
    expect((await send(`${harness.url}/webhook/notify`, { body: '{"Records": []}', contentType: 'application/json', headers: auth })).status).toBe(404);
    expect((await send(`${harness.url}/elastic-search/idx/_doc`, { body: '{}', contentType: 'application/json', headers: auth })).status).toBe(404);
    expect((await send(`${harness.url}/webhook/config`, { method: 'GET', headers: auth })).status).toBe(404);
  });

  test('are not served at all when the composition root gives no pages', async () => {
    harness = await startHarness();
    expect((await send(`${harness.url}/metrics`, { method: 'GET' })).status).toBe(404);
  });
});

describe('the observer of notify answers', () => {
  test('is told the status each sender got, refusals included, and nothing of other routes', async () => {
    const answers: ObservedNotification[] = [];
    const harness = await startHarness({ authToken: token, observer: { onNotification: (answer) => answers.push(answer) } });
    try {
      const auth = { Authorization: `Bearer ${token}` };
      await send(`${harness.url}/webhook/notify`, { body: '{"Records": []}', contentType: 'application/json', headers: auth });
      await send(`${harness.url}/webhook/notify`, { body: '{"Records": []}', contentType: 'application/json' });
      await send(`${harness.url}/webhook/notify/minio`, { body: 'not json', contentType: 'application/json', headers: auth });
      await send(`${harness.url}/elastic-search/idx/_doc`, { body: 'not json', contentType: 'application/json', headers: auth });
      await send(`${harness.url}/health`, { method: 'GET' });
      await send(`${harness.url}/elastic-search/`, { method: 'GET', headers: auth });
      expect(answers).toEqual([
        { route: 'webhook', status: 200 },
        { route: 'webhook', status: 401 },
        { route: 'webhook', status: 400 },
        { route: 'elasticsearch', status: 400 },
      ]);
    } finally {
      await harness.close();
    }
  });
});

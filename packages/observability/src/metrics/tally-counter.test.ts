import { Registry } from 'prom-client';
import { describe, expect, test } from 'vitest';
import { createTallyCounter } from './tally-counter.js';

describe('createTallyCounter', () => {
  test('each scrape shows every count so far, none twice, whichever way the registry is read', async () => {
    const registry = new Registry();
    const count = createTallyCounter({ name: 'dtool_notify_test_total', help: 'h', labelNames: ['route', 'status'], registers: [registry] });
    count('webhook', '200');
    count('webhook', '200');
    count('webhook', '503');
    expect(await registry.metrics()).toContain('dtool_notify_test_total{route="webhook",status="200"} 2');
    count('webhook', '200');
    const json = await registry.getMetricsAsJSON();
    expect(json[0]?.values).toEqual([
      { value: 3, labels: { route: 'webhook', status: '200' } },
      { value: 1, labels: { route: 'webhook', status: '503' } },
    ]);
    const text = await registry.metrics();
    expect(text).toContain('dtool_notify_test_total{route="webhook",status="200"} 3');
    expect(text).toContain('dtool_notify_test_total{route="webhook",status="503"} 1');
  });
});

import { describe, expect, test } from 'vitest';
import { renderStatusPage, type StatusPageContent } from './render-status-page.js';

const now = Date.parse('2026-12-01T10:00:00Z');
const hostile = '<script>alert(1)</script>"\'&';
const content: StatusPageContent = {
  now,
  startedAt: now - 3_725_000,
  config: { bucket_to_base_uri: { b: 's3://b' }, auth_token_configured: true },
  metrics: [
    { name: 'dtool_notify_records_total', help: 'h', type: 'counter', values: [{ value: 3, labels: { outcome: 'indexed', failure_class: '' } }] },
    { name: 'nodejs_heap_size_total_bytes', help: 'h', type: 'gauge', values: [{ value: 1, labels: {} }] },
  ],
  failing: [{ uri: `s3://b/${hostile}`, failureClass: 'not-a-dataset', reason: hostile, since: now - 60_000, lastSeen: now }],
  recent: [{ at: now, outcome: 'not-a-dataset', key: hostile, uri: 's3://b/x', reason: hostile }],
  latency: [{ at: now - 1_000, seconds: 0.25 }],
};

describe('renderStatusPage', () => {
  test('escapes keys, URIs and reasons that come from storage: no markup of theirs reaches the page', () => {
    const page = renderStatusPage(content);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;');
  });

  test('says uptime, the failing count and only the service’s own metrics', () => {
    const page = renderStatusPage(content);
    expect(page).toContain('<span id="uptime">1 h 2 min</span>');
    expect(page).toContain('1 dataset is not in the index.');
    expect(page).toContain('dtool_notify_records_total');
    expect(page).toContain('outcome=&quot;indexed&quot;');
    expect(page).not.toContain('failure_class');
    expect(page).not.toContain('nodejs_heap_size_total_bytes');
  });

  test('loads nothing from elsewhere and runs no script', () => {
    const page = renderStatusPage(content);
    expect(page).not.toMatch(/<script|<link|src=|href=/i);
  });
});

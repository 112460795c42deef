import { describe, expect, test } from 'vitest';
import { createServiceMetrics } from './create-service-metrics.js';

const uri = 's3://bucket-a/1e47c076-3a2b-4f5a-9d0e-0123456789ab';
const key = 'u/alice/1e47c076-3a2b-4f5a-9d0e-0123456789ab/dtool';

describe('createServiceMetrics', () => {
  test('names follow the Prometheus conventions: dtool_notify_ prefix, _total counters, seconds and bytes', async () => {
    const { registry } = createServiceMetrics();
    const metrics = await registry.getMetricsAsJSON();
    expect(metrics.length).toBeGreaterThan(10);
    for (const metric of metrics) {
      expect(metric.name).toMatch(/^dtool_notify_[a-z0-9_]+$/);
      if (String(metric.type) === 'counter') expect(metric.name).toMatch(/_total$/);
      if (String(metric.type) === 'histogram') expect(metric.name).toMatch(/_seconds$/);
    }
  });

  test('never puts an object key or a dataset URI in a label; the base URI of a configured bucket is the only location', async () => {
    const { registry, observer } = createServiceMetrics({ now: () => Date.parse('2026-12-01T10:00:01Z') });
    observer.onSyncStarted?.(uri);
    const text = await registry.metrics();
    expect(text).toContain('dtool_notify_bucket_sync_slots_in_use{base_uri="s3://bucket-a"} 1');
    expect(text).toContain('dtool_notify_syncs_running 1');
    observer.onOutcome?.({ uri, durationMs: 1500, outcome: { outcome: 'indexed', uri } });
    observer.onRecords?.([
      { outcome: { outcome: 'indexed', key, uri }, eventTime: '2026-12-01T10:00:00Z' },
      { outcome: { outcome: 'failed', key, uri, code: 'retryable', reason: `cannot reach ${uri}` } },
    ]);
    observer.onNotification?.({ route: 'webhook', status: 503 });
    observer.onStorageRequest?.({ operation: 'GetObject', bytes: 512 });
    const after = await registry.metrics();
    expect(after).not.toContain('1e47c076');
    expect(after).not.toContain('alice');
    expect(after).toContain('dtool_notify_records_total{outcome="failed",failure_class="retryable"} 1');
    expect(after).toContain('dtool_notify_notifications_total{route="webhook",status="503"} 1');
    expect(after).toContain('dtool_notify_sync_duration_seconds_sum 1.5');
    expect(after).toContain('dtool_notify_event_to_index_seconds_sum 1');
    expect(after).toContain('dtool_notify_s3_read_bytes_total 512');
    expect(after).toContain('dtool_notify_syncs_running 0');
  });
});

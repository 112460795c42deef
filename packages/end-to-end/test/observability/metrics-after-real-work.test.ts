import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDataset, datasetKeys, readmeObject, type BuiltDataset, type DatasetObject } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from '../product-stack.js';
import { waitFor } from '../wait-for.js';
import { parsePrometheusText, sumOf, type Sample } from './prometheus-text.js';

const token = 'e2e-metrics-token-0123456789';

/** What changed between two scrapes, for the samples the test reads. */
const moved = (before: readonly Sample[], after: readonly Sample[], name: string, labels: Readonly<Record<string, string>> = {}): number =>
  sumOf(after, name, labels) - sumOf(before, name, labels);

describe('GET /metrics after real uploads, an edit, a deletion and a poison dataset (MinIO → service → FerretDB)', () => {
  let stack: LocalStack;
  const scrape = async (): Promise<Sample[]> => {
    const response = await fetch(`${stack.serviceUrl}/metrics`, { headers: { Authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheusText(await response.text());
  };
  const answered = async (): Promise<number> => sumOf(await scrape(), 'dtool_notify_notifications_total');
  // One object at a time, each notification answered before the next write: the outcome of
  // every record is then fixed by the order of the writes, not by delivery timing.
  const putNotified = async (object: DatasetObject): Promise<void> => {
    const before = await answered();
    await createS3DatasetStorage(stack.s3Client, stack.bucket).put(object);
    await waitFor(`the notification of ${object.key}`, async () => ((await answered()) > before ? true : undefined));
  };
  const deleteNotified = async (key: string): Promise<void> => {
    const before = await answered();
    await createS3DatasetStorage(stack.s3Client, stack.bucket).delete(key);
    await waitFor(`the notification of the removal of ${key}`, async () => ((await answered()) > before ? true : undefined));
  };
  const upload = async (dataset: BuiltDataset): Promise<void> => {
    for (const object of dataset.objects) await putNotified(object);
  };
  const s3RequestsMoved = async <T>(work: () => Promise<T>): Promise<{ requests: Record<string, number>; bytes: number; before: Sample[]; after: Sample[] }> => {
    await stack.service.synchronizer.whenIdle();
    stack.service.reader.resetStats();
    const before = await scrape();
    await work();
    await stack.service.synchronizer.whenIdle();
    const after = await scrape();
    const stats = stack.service.reader.stats();
    return { requests: { ...stats.requestsByOperation }, bytes: stats.bytesReceived, before, after };
  };

  beforeAll(async () => {
    stack = await startLocalStack({ authToken: token, bucket: 'e2e-metrics' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('an upload: 8 notifications, one protodataset, one document written, S3 requests as the reader counted them', async () => {
    const dataset = buildDataset({ bucket: stack.bucket, items: 1 });
    expect(dataset.objects).toHaveLength(8);
    const { requests, bytes, before, after } = await s3RequestsMoved(() => upload(dataset));

    expect(moved(before, after, 'dtool_notify_notifications_total', { route: 'webhook', status: '200' })).toBe(8);
    expect(moved(before, after, 'dtool_notify_notifications_total')).toBe(8);
    // registration key, structure.json, README.txt and the item: nothing to index.
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'ignored' })).toBe(4);
    // The first dtool object is a protodataset's.
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'not-a-dataset' })).toBe(1);
    // README.yml and manifest.json before the freeze: not indexed yet, no read.
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'unchanged' })).toBe(2);
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'indexed' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_records_total')).toBe(8);
    expect(moved(before, after, 'dtool_notify_syncs_started_total')).toBe(2);
    expect(moved(before, after, 'dtool_notify_syncs_finished_total', { outcome: 'not-a-dataset' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_syncs_finished_total', { outcome: 'indexed' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_syncs_finished_total')).toBe(2);
    expect(moved(before, after, 'dtool_notify_sync_duration_seconds_count')).toBe(2);
    expect(moved(before, after, 'dtool_notify_index_writes_total', { operation: 'upsert' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_index_writes_total', { operation: 'delete' })).toBe(0);
    expect(moved(before, after, 'dtool_notify_event_to_index_seconds_count')).toBe(1);
    // HeadBucket is each scrape's own readiness check, made while the scrape is being written:
    // the syncs' requests are the others.
    const { HeadBucket: _readinessChecks, ...syncRequests } = requests;
    expect(Object.keys(syncRequests).sort()).toEqual(['GetObject', 'HeadObject', 'ListObjectsV2']);
    for (const [operation, count] of Object.entries(syncRequests)) {
      expect(moved(before, after, 'dtool_notify_s3_requests_total', { operation }), operation).toBe(count);
    }
    expect(moved(before, after, 'dtool_notify_s3_read_bytes_total')).toBe(bytes);
    expect(bytes).toBeGreaterThan(0);
    expect(sumOf(after, 'dtool_notify_syncs_running')).toBe(0);
    expect(sumOf(after, 'dtool_notify_syncs_pending')).toBe(0);
    expect(sumOf(after, 'dtool_notify_bucket_sync_slots_in_use', { base_uri: stack.baseUri })).toBe(0);
    expect(sumOf(after, 'dtool_notify_datasets_failing')).toBe(0);
  });

  test('an edit of README.yml: one record indexed, one document rewritten', async () => {
    const dataset = buildDataset({ bucket: stack.bucket, items: 1 });
    await upload(dataset);
    const { before, after } = await s3RequestsMoved(() => putNotified(readmeObject(dataset, 'edited: yes\n')));
    expect(moved(before, after, 'dtool_notify_notifications_total', { route: 'webhook', status: '200' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'indexed' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_records_total')).toBe(1);
    expect(moved(before, after, 'dtool_notify_syncs_finished_total', { outcome: 'indexed' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_index_writes_total', { operation: 'upsert' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_event_to_index_seconds_count')).toBe(1);
  });

  test('a deletion, dtool object first: one record deleted, one document removed, the rest needs no read', async () => {
    const dataset = buildDataset({ bucket: stack.bucket, items: 1 });
    await upload(dataset);
    const dtoolKey = datasetKeys(dataset).find((key) => key.endsWith('/dtool')) as string;
    // Seven keys: the dtool object was written twice (protodataset, then frozen).
    const others = datasetKeys(dataset).filter((key) => key !== dtoolKey);
    expect(others).toHaveLength(6);
    const { before, after } = await s3RequestsMoved(async () => {
      await deleteNotified(dtoolKey);
      for (const key of others) await deleteNotified(key);
    });
    expect(moved(before, after, 'dtool_notify_notifications_total', { route: 'webhook', status: '200' })).toBe(7);
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'deleted' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'ignored' })).toBe(4);
    // README.yml and manifest.json once the document is gone: not indexed, no read.
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'unchanged' })).toBe(2);
    expect(moved(before, after, 'dtool_notify_records_total')).toBe(7);
    expect(moved(before, after, 'dtool_notify_index_writes_total', { operation: 'delete' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_index_writes_total', { operation: 'upsert' })).toBe(0);
    expect(moved(before, after, 'dtool_notify_syncs_finished_total', { outcome: 'deleted' })).toBe(1);
  });

  test('a poison dataset: its final dtool record is counted with its class, and the failing gauge names the class', async () => {
    const dataset = buildDataset({ bucket: stack.bucket, items: 1 });
    const poison: BuiltDataset = {
      ...dataset,
      objects: dataset.objects.map((object) => (object.key.endsWith('/manifest.json') ? { key: object.key, body: '{"items": not json' } : object)),
    };
    const before = await scrape();
    await upload(poison);
    await stack.service.synchronizer.whenIdle();
    const after = await scrape();
    expect(moved(before, after, 'dtool_notify_notifications_total', { route: 'webhook', status: '200' })).toBe(8);
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'indexed' })).toBe(0);
    // The protodataset's dtool object, then the frozen one whose manifest is not JSON: a
    // permanent failure of the content (answered 200: retrying the notification cannot help).
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'not-a-dataset' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'failed', failure_class: 'unreadable' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_records_total', { outcome: 'failed' })).toBe(1);
    expect(moved(before, after, 'dtool_notify_index_writes_total')).toBe(0);
    expect(sumOf(after, 'dtool_notify_datasets_failing', { failure_class: 'unreadable' })).toBe(1);
    expect(sumOf(after, 'dtool_notify_datasets_failing')).toBe(1);
  });

  test('the metrics are guarded like the notify routes: no token, no metrics', async () => {
    const response = await fetch(`${stack.serviceUrl}/metrics`);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer realm="dtool-notify"');
    expect(await response.text()).not.toContain('dtool_notify_');
  });

  test('readiness and process metrics are exposed too', async () => {
    const samples = await scrape();
    expect(sumOf(samples, 'dtool_notify_ready')).toBe(1);
    expect(sumOf(samples, 'dtool_notify_readiness_check', { check: 'mongodb' })).toBe(1);
    expect(sumOf(samples, 'dtool_notify_readiness_check', { check: `s3:${stack.bucket}` })).toBe(1);
    expect(sumOf(samples, 'process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(samples.some((sample) => sample.name === 'nodejs_eventloop_lag_seconds')).toBe(true);
  });
});

import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SyncObserver } from '@dtool-notify/domain';
import { baseUriOf, failureClassLabel, secondsSince, syncOutcomeLabel } from './record-labels.js';
import { registerKafkaConsumerMetrics, type KafkaConsumerReadings } from './kafka-consumer-metrics.js';
import { createTallyCounter } from './tally-counter.js';

/** Options of {@link createServiceMetrics}. */
export interface ServiceMetricsOptions {
  /** Datasets with a sync pending or running, read at scrape time (the synchronizer's `pending`). */
  readonly pendingSyncs?: () => number;
  /** Datasets currently failing, by failure class, read at scrape time. */
  readonly failingDatasets?: () => ReadonlyMap<string, number>;
  /**
   * Whether each backend answers, asked at scrape time (the check `/ready` makes: a MongoDB
   * ping and a request per bucket), as `dtool_notify_ready` and `dtool_notify_readiness_check`.
   */
  readonly readiness?: () => Promise<{ readonly ready: boolean; readonly checks: Readonly<Record<string, { readonly ok: boolean }>> }>;
  /** With Kafka configured: the consumer, once it exists, whose `dtool_notify_kafka_*` metrics are read at scrape time. */
  readonly kafkaConsumer?: () => KafkaConsumerReadings | undefined;
  /** Adds Node's process metrics (`process_*`, `nodejs_*`); tests leave them out. */
  readonly processMetrics?: boolean;
  /** The clock, for the notification→index latency. */
  readonly now?: () => number;
}

/** The service's Prometheus metrics, fed by the observer they return. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly observer: SyncObserver;
}

// Syncs read a few objects (tens of milliseconds) up to large manifests (tens of seconds).
const SYNC_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
// Storage may deliver an event seconds to minutes after it happened (queues, retries).
const LATENCY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];

/**
 * Creates the `dtool_notify_*` metrics in their own registry. Labels are closed sets (routes,
 * statuses, outcomes, failure classes, S3 operations, configured base URIs): never a key or a
 * dataset URI.
 */
export function createServiceMetrics(options: ServiceMetricsOptions = {}): ServiceMetrics {
  const registry = new Registry();
  const registers = [registry];
  const now = options.now ?? Date.now;
  if (options.processMetrics === true) collectDefaultMetrics({ register: registry });

  const countNotification = createTallyCounter({
    name: 'dtool_notify_notifications_total',
    help: 'Notification requests answered, by route family and HTTP status.',
    labelNames: ['route', 'status'],
    registers,
  });
  const countRecord = createTallyCounter({
    name: 'dtool_notify_records_total',
    help: 'Notification records applied, by outcome and (for failed records) failure class.',
    labelNames: ['outcome', 'failure_class'],
    registers,
  });
  const syncsStarted = new Counter({ name: 'dtool_notify_syncs_started_total', help: 'Dataset syncs that started reading storage.', registers });
  const syncsFinished = new Counter({
    name: 'dtool_notify_syncs_finished_total',
    help: 'Dataset syncs finished, by outcome (indexed, deleted, not-a-dataset, unchanged, failed).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const syncDuration = new Histogram({
    name: 'dtool_notify_sync_duration_seconds',
    help: 'Time one dataset sync took, from taking its slot to committing (or failing).',
    buckets: SYNC_BUCKETS,
    registers,
  });
  const indexWrites = new Counter({
    name: 'dtool_notify_index_writes_total',
    help: 'Documents written to the index (upsert) or removed from it (delete).',
    labelNames: ['operation'] as const,
    registers,
  });
  const storageRequests = new Counter({
    name: 'dtool_notify_s3_requests_total',
    help: 'HTTP requests sent to object storage, retries included, by S3 operation.',
    labelNames: ['operation'] as const,
    registers,
  });
  const storageBytes = new Counter({ name: 'dtool_notify_s3_read_bytes_total', help: 'Bytes of response bodies read from object storage.', registers });
  const eventToIndex = new Histogram({
    name: 'dtool_notify_event_to_index_seconds',
    help: "Time from a notification's event time to the index commit of its record (indexed or deleted records).",
    buckets: LATENCY_BUCKETS,
    registers,
  });

  let running = 0;
  const runningByBaseUri = new Map<string, number>();
  new Gauge({
    name: 'dtool_notify_syncs_pending',
    help: 'Datasets with a sync pending or running.',
    registers,
    collect() {
      this.set(options.pendingSyncs?.() ?? 0);
    },
  });
  new Gauge({
    name: 'dtool_notify_syncs_running',
    help: 'Dataset syncs running now (holding a slot).',
    registers,
    collect() {
      this.set(running);
    },
  });
  new Gauge({
    name: 'dtool_notify_bucket_sync_slots_in_use',
    help: 'Sync slots in use, per configured base URI (bucket).',
    labelNames: ['base_uri'] as const,
    registers,
    collect() {
      this.reset();
      for (const [baseUri, count] of runningByBaseUri) this.set({ base_uri: baseUri }, count);
    },
  });
  new Gauge({
    name: 'dtool_notify_datasets_failing',
    help: 'Datasets whose last notification could not be indexed, by failure class (unreadable, too-large, not-a-dataset, retryable, ...).',
    labelNames: ['failure_class'] as const,
    registers,
    collect() {
      this.reset();
      for (const [failureClass, count] of options.failingDatasets?.() ?? []) this.set({ failure_class: failureClass }, count);
    },
  });

  if (options.readiness !== undefined) {
    const readiness = options.readiness;
    const checkGauge = new Gauge({
      name: 'dtool_notify_readiness_check',
      help: 'Whether one backend answers (1) or not (0): mongodb and s3:<bucket> for each configured bucket.',
      labelNames: ['check'] as const,
      registers,
    });
    new Gauge({
      name: 'dtool_notify_ready',
      help: 'Whether every backend answers (1) or not (0), as GET /ready says.',
      registers,
      async collect() {
        checkGauge.reset();
        try {
          const report = await readiness();
          for (const [check, { ok }] of Object.entries(report.checks)) checkGauge.set({ check }, ok ? 1 : 0);
          this.set(report.ready ? 1 : 0);
        } catch {
          this.set(0);
        }
      },
    });
  }

  if (options.kafkaConsumer !== undefined) registerKafkaConsumerMetrics(registry, options.kafkaConsumer);
  const observer: SyncObserver = {
    onNotification: ({ route, status }) => countNotification(route, String(status)),
    onSyncStarted: (uri) => {
      syncsStarted.inc();
      running += 1;
      const baseUri = baseUriOf(uri);
      runningByBaseUri.set(baseUri, (runningByBaseUri.get(baseUri) ?? 0) + 1);
    },
    onOutcome: (observation) => {
      running -= 1;
      const baseUri = baseUriOf(observation.uri);
      runningByBaseUri.set(baseUri, (runningByBaseUri.get(baseUri) ?? 1) - 1);
      syncsFinished.inc({ outcome: syncOutcomeLabel(observation) });
      syncDuration.observe(observation.durationMs / 1000);
      if (!('outcome' in observation)) return;
      const { outcome } = observation;
      if (outcome.outcome === 'indexed') indexWrites.inc({ operation: 'upsert' });
      if (outcome.outcome === 'deleted' && outcome.existed) indexWrites.inc({ operation: 'delete' });
    },
    onRecords: (batch) => {
      let at: number | undefined;
      for (const { outcome, eventTime } of batch) {
        countRecord(outcome.outcome, failureClassLabel(outcome));
        if (outcome.outcome !== 'indexed' && outcome.outcome !== 'deleted') continue;
        at ??= now();
        const seconds = secondsSince(eventTime, at);
        if (seconds !== undefined) eventToIndex.observe(seconds);
      }
    },
    onStorageRequest: ({ operation, bytes }) => {
      storageRequests.inc({ operation });
      if (bytes > 0) storageBytes.inc(bytes);
    },
  };
  return { registry, observer };
}


import type { SyncObserver } from '@dtool-notify/domain';
import { createServiceMetrics, type ServiceMetricsOptions } from './metrics/create-service-metrics.js';
import type { MetricSnapshot } from './status/metric-snapshot.js';
import { renderStatusPage } from './status/render-status-page.js';
import { createStatusJournal } from './status/status-journal.js';

/** Options of {@link createObservability}. */
export interface ObservabilityOptions {
  /** Datasets with a sync pending or running (the synchronizer's `pending`), read at scrape time. */
  readonly pendingSyncs?: () => number;
  /** The readiness check `/ready` makes, asked at each scrape (see `ServiceMetricsOptions.readiness`). */
  readonly readiness?: ServiceMetricsOptions['readiness'];
  /** With Kafka configured: the consumer, once it exists (see `ServiceMetricsOptions.kafkaConsumer`); the status page gets a Kafka section. */
  readonly kafkaConsumer?: ServiceMetricsOptions['kafkaConsumer'];
  /** The configuration summary the status page shows: it must already be free of secrets. */
  readonly configSummary?: Readonly<Record<string, unknown>>;
  /** Adds Node's process metrics (default true). */
  readonly processMetrics?: boolean;
  readonly now?: () => number;
}

/** The observer to give the service, and the two pages it feeds. */
export interface Observability {
  readonly observer: SyncObserver;
  /** `/metrics`: the Prometheus text format. */
  metrics(): Promise<{ readonly contentType: string; readonly body: string }>;
  /** `/status`: the HTML page. */
  statusPage(): Promise<string>;
}

/**
 * Creates the service's metrics and status journal behind one observer: every event the
 * service reports goes to both, so the page and `/metrics` always tell the same story.
 */
export function createObservability(options: ObservabilityOptions = {}): Observability {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const journal = createStatusJournal({ now });
  const { registry, observer: metricsObserver } = createServiceMetrics({
    ...(options.pendingSyncs === undefined ? {} : { pendingSyncs: options.pendingSyncs }),
    ...(options.readiness === undefined ? {} : { readiness: options.readiness }),
    ...(options.kafkaConsumer === undefined ? {} : { kafkaConsumer: options.kafkaConsumer }),
    failingDatasets: () => journal.failingByClass(),
    processMetrics: options.processMetrics ?? true,
    now,
  });
  const observer: SyncObserver = {
    ...metricsObserver,
    onRecords: (records) => {
      metricsObserver.onRecords?.(records);
      journal.record(records);
    },
  };
  return {
    observer,
    metrics: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
    statusPage: async () =>
      renderStatusPage({
        now: now(),
        startedAt,
        config: options.configSummary ?? {},
        metrics: (await registry.getMetricsAsJSON()) as unknown as MetricSnapshot[],
        failing: journal.failing(),
        recent: journal.recent(),
        latency: journal.latencyLastHour(),
      }),
  };
}

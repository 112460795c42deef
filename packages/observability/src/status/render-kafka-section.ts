import { escapeHtml } from './escape-html.js';
import type { MetricSnapshot } from './metric-snapshot.js';

/**
 * The status page's Kafka section, from the same scrape as the counters table (so the two
 * never disagree): the consumer's state, its partitions with their lag, the total lag and the
 * messages it could not apply. Empty when Kafka is not configured (no Kafka metrics).
 */
export function renderKafkaSection(metrics: readonly MetricSnapshot[]): string {
  const metric = (name: string): MetricSnapshot | undefined => metrics.find((candidate) => candidate.name === name);
  const value = (name: string): number => metric(name)?.values[0]?.value ?? 0;
  const stateMetric = metric('dtool_notify_kafka_consumer_state');
  if (stateMetric === undefined) return '';
  const state = String(stateMetric.values.find((sample) => sample.value === 1)?.labels['state'] ?? 'not started');
  const assigned = value('dtool_notify_kafka_assigned_partitions');
  const lags = (metric('dtool_notify_kafka_consumer_lag_messages')?.values ?? []).map((sample) => ({
    partition: `${String(sample.labels['topic'])}/${String(sample.labels['partition'])}`,
    lag: sample.value,
  }));
  const total = lags.reduce((sum, { lag }) => sum + lag, 0);
  // Lag is read from the brokers at each scrape: a partition without a reading means they did not answer.
  const lagText = lags.length < assigned ? 'unknown: the brokers did not answer' : `${total} message${total === 1 ? '' : 's'}`;
  const rows = lags.map(({ partition, lag }) => `<tr><th scope="row"><code>${escapeHtml(partition)}</code></th><td class="number">${lag}</td></tr>`).join('');
  const table =
    lags.length === 0
      ? ''
      : `<table id="kafka-partitions"><caption>Messages behind, per assigned partition</caption>
<thead><tr><th scope="col">Partition</th><th scope="col">Lag</th></tr></thead><tbody>${rows}</tbody></table>`;
  return `<section aria-labelledby="kafka-heading"><h2 id="kafka-heading">Kafka consumer</h2>
<dl id="kafka">
<dt>State</dt><dd id="kafka-state">${escapeHtml(state)}</dd>
<dt>Partitions assigned</dt><dd id="kafka-partitions-assigned">${assigned}</dd>
<dt>Lag</dt><dd id="kafka-lag">${escapeHtml(lagText)}</dd>
<dt>Dead-lettered</dt><dd id="kafka-dead-lettered">${value('dtool_notify_kafka_dead_lettered_total')}</dd>
<dt>Could never be applied</dt><dd id="kafka-permanent-failures">${value('dtool_notify_kafka_permanent_failures_total')} message(s)</dd>
</dl>${table}</section>`;
}

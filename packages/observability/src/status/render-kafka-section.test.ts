import { describe, expect, test } from 'vitest';
import { renderKafkaSection } from './render-kafka-section.js';
import type { MetricSnapshot } from './metric-snapshot.js';

const gauge = (name: string, values: MetricSnapshot['values']): MetricSnapshot => ({ name, help: 'h', type: 'gauge', values });

const kafkaMetrics = (lags: readonly [number, number][]): MetricSnapshot[] => [
  gauge('dtool_notify_kafka_consumer_state', [{ value: 1, labels: { state: 'consuming' } }]),
  gauge('dtool_notify_kafka_assigned_partitions', [{ value: 2, labels: {} }]),
  gauge('dtool_notify_kafka_consumer_lag_messages', lags.map(([partition, lag]) => ({ value: lag, labels: { topic: 'bucket-events', partition } }))),
  { name: 'dtool_notify_kafka_dead_lettered_total', help: 'h', type: 'counter', values: [{ value: 1, labels: {} }] },
  { name: 'dtool_notify_kafka_permanent_failures_total', help: 'h', type: 'counter', values: [{ value: 3, labels: {} }] },
];

describe('renderKafkaSection', () => {
  test('is absent without Kafka metrics (Kafka not configured)', () => {
    expect(renderKafkaSection([gauge('dtool_notify_syncs_running', [{ value: 0, labels: {} }])])).toBe('');
  });

  test('shows the state, the partitions with their lag, the total lag and the messages that could not be applied', () => {
    const section = renderKafkaSection(kafkaMetrics([[0, 4], [2, 7]]));
    expect(section).toContain('<dd id="kafka-state">consuming</dd>');
    expect(section).toContain('<dd id="kafka-partitions-assigned">2</dd>');
    expect(section).toContain('<dd id="kafka-lag">11 messages</dd>');
    expect(section).toContain('<dd id="kafka-dead-lettered">1</dd>');
    expect(section).toContain('<dd id="kafka-permanent-failures">3 message(s)</dd>');
    expect(section).toContain('<th scope="row"><code>bucket-events/2</code></th><td class="number">7</td>');
  });

  test('says the lag is unknown when the brokers did not answer for every assigned partition', () => {
    expect(renderKafkaSection(kafkaMetrics([[0, 4]]))).toContain('<dd id="kafka-lag">unknown: the brokers did not answer</dd>');
  });
});

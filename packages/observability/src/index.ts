export type { Observability, ObservabilityOptions } from './create-observability.js';
export { createObservability } from './create-observability.js';
export type { ServiceMetrics, ServiceMetricsOptions } from './metrics/create-service-metrics.js';
export { createServiceMetrics } from './metrics/create-service-metrics.js';
export type { KafkaConsumerCounters, KafkaConsumerReadings } from './metrics/kafka-consumer-metrics.js';
export type { StatusJournal, JournalEntry, FailingDataset, LatencySample } from './status/status-journal.js';
export { createStatusJournal } from './status/status-journal.js';

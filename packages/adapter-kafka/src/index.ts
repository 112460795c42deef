export type { KafkaEnvironment, KafkaSaslMechanism, KafkaSettings } from './settings/kafka-settings.js';
export { KAFKA_VARIABLES, parseKafkaSettings } from './settings/kafka-settings.js';
export type { KafkaConsumerOptions, KafkaNotificationConsumer } from './consumer/create-kafka-notification-consumer.js';
export { createKafkaNotificationConsumer } from './consumer/create-kafka-notification-consumer.js';
export type { ConsumerCounters, ConsumerState, ConsumerStatus, PartitionLag } from './consumer/consumer-status.js';
export type { MessageVerdict } from './messages/apply-message.js';
export { applyMessage } from './messages/apply-message.js';
export type { CommittableOffset, PartitionProgress, TopicPartition, WorkTicket } from './offsets/partition-progress.js';
export { createPartitionProgress } from './offsets/partition-progress.js';

import type { Logger, Synchronizer, SyncObserver } from '@dtool-notify/domain';
import { createKafkaNotificationConsumer, type KafkaNotificationConsumer, type KafkaSettings } from '@dtool-notify/adapter-kafka';
import type { ServiceConfig } from '../config/runtime-config.js';

/** The Kafka consumer of a configuration, feeding the same synchronizer and observer as the HTTP routes. */
export function createKafkaConsumer(
  settings: KafkaSettings,
  service: ServiceConfig,
  synchronizer: Synchronizer,
  logger: Logger,
  observer: SyncObserver,
): KafkaNotificationConsumer {
  return createKafkaNotificationConsumer({
    settings,
    synchronizer,
    baseUriOf: (bucket) => service.bucketToBaseUri.get(bucket),
    logger,
    observer,
  });
}

import type { KafkaSettings } from '../settings/kafka-settings.js';

/** The connection options every client of one configuration shares (consumer and dead-letter producer). */
export interface ClientOptions {
  readonly clientId: string;
  readonly bootstrapBrokers: string[];
  readonly sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
  readonly tls?: { ca?: string };
  readonly connectTimeout: number;
  readonly retries: number;
  readonly retryDelay: number;
}

/** Maps validated settings to the client library's connection options. */
export function clientOptionsOf(settings: KafkaSettings): ClientOptions {
  return {
    clientId: settings.clientId,
    bootstrapBrokers: [...settings.brokers],
    ...(settings.sasl === undefined ? {} : { sasl: { ...settings.sasl } }),
    ...(settings.tls === undefined ? {} : { tls: settings.tls.ca === undefined ? {} : { ca: settings.tls.ca } }),
    connectTimeout: 5_000,
    // A broker restart takes seconds: the library retries requests for a while, after which
    // the consumer starts over with a fresh connection (see createKafkaNotificationConsumer).
    retries: 5,
    retryDelay: 500,
  };
}

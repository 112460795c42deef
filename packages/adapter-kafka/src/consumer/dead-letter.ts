import type { Producer } from '@platformatic/kafka';
import type { ClientOptions } from './client-options.js';

/** The message that could not be applied, where it came from and why. */
export interface DeadLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly key: Buffer | undefined;
  readonly value: Buffer | undefined;
  readonly reason: string;
}

/** Publishes messages that can never be applied to a dead-letter topic. */
export interface DeadLetterPublisher {
  /** Resolves once the broker has the message; rejects when it could not be published (retry later). */
  publish(letter: DeadLetter): Promise<void>;
  close(): Promise<void>;
}

const MAX_REASON_LENGTH = 2_000;

/**
 * A publisher to `topic`: the original key and value unchanged, the reason and the origin
 * (`topic/partition/offset`) in the headers `dtool-notify-reason` and `dtool-notify-source`.
 */
export function createDeadLetterPublisher(topic: string, clientOptions: ClientOptions): DeadLetterPublisher {
  let producer: Producer | undefined;
  return {
    async publish(letter) {
      // Loaded on first use, like the consumer's client (create-kafka-notification-consumer.ts).
      const { Producer } = await import('@platformatic/kafka');
      producer ??= new Producer({ ...clientOptions, clientId: `${clientOptions.clientId}-dead-letters`, acks: -1 });
      await producer.send({
        messages: [
          {
            topic,
            ...(letter.key === undefined ? {} : { key: letter.key }),
            value: letter.value ?? Buffer.alloc(0),
            headers: new Map([
              [Buffer.from('dtool-notify-reason'), Buffer.from(letter.reason.slice(0, MAX_REASON_LENGTH))],
              [Buffer.from('dtool-notify-source'), Buffer.from(`${letter.topic}/${letter.partition}/${letter.offset}`)],
            ]),
          },
        ],
      });
    },
    async close() {
      await producer?.close();
    },
  };
}

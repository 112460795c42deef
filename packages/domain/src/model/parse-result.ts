import type { NotificationRecord } from './object-event.js';

/** A notification understood: its records, in the order the sender listed them. */
export interface ParsedRecords {
  readonly kind: 'records';
  readonly records: readonly NotificationRecord[];
}

/** A valid message that carries no object events (an endpoint test, `s3:TestEvent`). */
export interface Acknowledged {
  readonly kind: 'acknowledged';
  readonly reason: string;
}

/**
 * An AWS SNS subscription confirmation. The domain never fetches the URL: the HTTP layer
 * decides whether this topic is allowed and confirms it.
 */
export interface SubscriptionConfirmation {
  readonly kind: 'subscription-confirmation';
  readonly topicArn: string;
  readonly subscribeUrl: string;
  readonly token: string;
}

/** The payload is malformed; `reason` is safe to show the sender. */
export interface Rejected {
  readonly kind: 'rejected';
  readonly reason: string;
  /** The body's media type is not one any parser reads: the HTTP layer answers 415. */
  readonly unsupportedMediaType?: true;
}

/** What a notification parser returns: never throws. */
export type ParseResult = ParsedRecords | Acknowledged | SubscriptionConfirmation | Rejected;

/** Builds a rejection. */
export function reject(reason: string): Rejected {
  return { kind: 'rejected', reason };
}

/** Which kind of inbound notification an event came from. */
export type NotificationSource =
  | 's3-event'
  | 'sns-form'
  | 'sns-json'
  | 'storagegrid-search'
  | 'elasticsearch-target';

/** An object was written or deleted: the one event shape every parser produces. */
export interface ObjectEvent {
  readonly kind: 'created' | 'removed';
  readonly bucket: string;
  /** The object key, decoded (no URL escapes). */
  readonly key: string;
  /** S3's per-key ordering token, when the sender provides one. */
  readonly sequencer?: string;
  /** ISO 8601 time the storage recorded for the event, when known. */
  readonly eventTime?: string;
  /** The written object's ETag (without quotes), when the sender reports it. */
  readonly eTag?: string;
  readonly source: NotificationSource;
}

/** A record of a notification that needs no work, with the reason why. */
export interface IgnoredRecord {
  readonly reason: string;
  readonly eventName?: string;
  readonly bucket?: string;
  readonly key?: string;
}

/** One record of a notification: either an object event or something deliberately ignored. */
export type NotificationRecord =
  | { readonly type: 'event'; readonly event: ObjectEvent }
  | { readonly type: 'ignored'; readonly ignored: IgnoredRecord };

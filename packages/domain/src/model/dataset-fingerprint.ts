import type { DatasetPart } from './classify-object-key.js';

/** ETags (unquoted) of the objects a full read saw; a reader reports what it knows. */
export interface DatasetETags {
  /** The `dtool` admin-metadata object's. */
  readonly dtool?: string;
  readonly readme?: string;
  readonly manifest?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A write or removal of one object of a dataset, as a notification reports it. */
export interface PartChange {
  readonly kind: 'created' | 'removed';
  readonly part: DatasetPart;
  readonly eTag?: string;
  /** S3's ordering token of the event: a sender's claim, never a reason to skip work. */
  readonly sequencer?: string;
}

import type { DatasetContent } from '@dtool-notify/domain';

/** One object to write to storage: a key, a body and (optionally) S3 user metadata. */
export interface DatasetObject {
  readonly key: string;
  /** A string body is written as UTF-8. */
  readonly body: Uint8Array | string;
  readonly metadata?: Readonly<Record<string, string>>;
}

/** A dataset laid out as dtool-s3 writes it, ready to be written to a bucket. */
export interface BuiltDataset {
  readonly bucket: string;
  readonly uuid: string;
  /** The key prefix (`""` or e.g. `u/alice/`); the dataset's objects are under `<prefix><uuid>/`. */
  readonly prefix: string;
  readonly name: string;
  /** Every object in the order `dtool copy` writes them; the `dtool` key appears twice when frozen. */
  readonly objects: readonly DatasetObject[];
  /**
   * What a reader must return for it: admin metadata of the last `dtool` write (timestamps as
   * numbers), README text, manifest, tags sorted in S3 order, annotations as parsed JSON.
   */
  readonly content: DatasetContent;
}

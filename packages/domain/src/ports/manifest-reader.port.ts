import type { AdminMetadata, DatasetContent } from '../model/dataset-content.js';
import type { DatasetLocation } from '../model/dataset-location.js';
import type { DatasetETags } from '../model/dataset-fingerprint.js';
import type { DatasetFingerprint } from '../model/stored-fingerprint.js';

/** The cheap first look at a dataset: its `dtool` admin-metadata object. */
export type AdminMetadataResult =
  | {
      readonly status: 'found';
      readonly adminMetadata: AdminMetadata;
      /** The `dtool` object's ETag (unquoted), when the storage reports it. */
      readonly eTag?: string;
    }
  /** The `dtool` object (or, when the location has no prefix, any registration) does not exist. */
  | { readonly status: 'gone' }
  /** Something is there, but not usable admin metadata. */
  | { readonly status: 'not-a-dataset'; readonly reason: string };

/** The full read of a frozen dataset. */
export type DatasetReadResult =
  | {
      readonly status: 'dataset';
      readonly content: DatasetContent;
      /** ETags of what was read, when the storage reports them (lets late notifications be skipped). */
      readonly eTags?: DatasetETags;
    }
  | { readonly status: 'not-a-dataset'; readonly reason: string }
  | { readonly status: 'gone' };

/** What listings alone say of a dataset's objects. */
export type FingerprintResult =
  | { readonly status: 'found'; readonly fingerprint: DatasetFingerprint }
  /** No `dtool` object (or registration key, when the prefix is unknown). */
  | { readonly status: 'gone' };

/**
 * Where a bucket says a dataset lives: the body of its registration key `dtool-<uuid>`,
 * else the bucket's configured dataset prefix (`DTOOL_S3_DATASET_PREFIX_<bucket>`), else
 * nothing. A report of facts; `decideDatasetPrefix` decides what they mean.
 */
export type Registration =
  | { readonly source: 'registration-key'; readonly prefix: string }
  | { readonly source: 'configured-prefix'; readonly prefix: string }
  | { readonly source: 'none' };

/** A dataset found while listing a bucket. */
export interface ListedDataset {
  readonly uuid: string;
  readonly prefix: string;
}

/** One dataset's fingerprint, as a listing of its whole prefix showed it. */
export interface ListedFingerprint {
  readonly uuid: string;
  readonly fingerprint: DatasetFingerprint;
}

/**
 * Reads datasets back from storage laid out by dtool. Transient failures throw
 * `DtoolNotifyError('retryable')`; misconfiguration (access denied) a permanent code.
 */
export interface ManifestReader {
  /** Reads the registration key of `uuid` (one GET), falling back to the configured prefix. */
  readRegistration(bucket: string, uuid: string): Promise<Registration>;
  readAdminMetadata(location: DatasetLocation): Promise<AdminMetadataResult>;
  /**
   * Reads README, manifest, tags and annotations of a dataset whose admin metadata the
   * caller already holds (so it is not read twice).
   */
  readDataset(location: DatasetLocation, adminMetadata: AdminMetadata): Promise<DatasetReadResult>;
  /** Every dataset registered in a bucket (through its `dtool-<uuid>` registration keys). */
  listDatasets(bucket: string): AsyncIterable<ListedDataset>;
  /** How many `dtool-<uuid>` registration keys a bucket holds (listing pages only, no body read). */
  countDatasets(bucket: string): Promise<number>;
  /**
   * The ETags of `dtool`, README, manifest and annotations and the tag names, from listings
   * of the dataset's directory alone (no body read): the fingerprint a full read would give,
   * as long as nothing changed in between.
   */
  readFingerprint(location: DatasetLocation): Promise<FingerprintResult>;
  /**
   * The fingerprint of every dataset directly under `prefix` (each `<prefix><uuid>/` holding a
   * `dtool` object), in uuid order, starting at `fromUuid`: what {@link readFingerprint} gives
   * for each, from listings of the whole prefix that many datasets share, so a verification
   * costs less than one request per dataset. Folders no fingerprint needs (`data/`, and keys
   * of other prefixes nested below this one) are skipped, not listed page by page.
   */
  listFingerprints(bucket: string, prefix: string, fromUuid?: string): AsyncIterable<ListedFingerprint>;
}

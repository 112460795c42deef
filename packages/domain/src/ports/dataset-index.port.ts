import type { DatasetDocument } from '../model/dataset-document.js';

/**
 * The searchable index of datasets (dserver's Mongo collection). Implementations are
 * idempotent: upserting the same document twice leaves one document; deleting a missing
 * one is not an error. Transient failures throw `DtoolNotifyError('retryable')`.
 */
export interface DatasetIndex {
  /** Inserts or replaces the document with the same `uri`, atomically. */
  upsert(document: DatasetDocument): Promise<void>;
  /** Deletes the document with this URI; resolves to whether one existed. */
  deleteByUri(uri: string): Promise<boolean>;
  findByUri(uri: string): Promise<DatasetDocument | undefined>;
  /** Whether a document with this URI exists (without reading it). */
  exists(uri: string): Promise<boolean>;
  findByBaseUriAndUuid(baseUri: string, uuid: string): Promise<DatasetDocument | undefined>;
  /** The URIs of every document under a base URI (for reconciling with a bucket). */
  listUris(baseUri: string): Promise<string[]>;
  /**
   * What a look-up gives back after upserting `document`, for an index that keeps only part
   * of it (dserver keeps the fields of its registration schema). Absent: the whole document.
   */
  keptForm?(document: DatasetDocument): DatasetDocument;
  /**
   * Announces to every instance sharing the index that a look at storage for `uri` is about
   * to begin: records a new ticket, unlike any handed out before, as the latest of `uri`
   * (one atomic single-document write) and resolves to it. It survives the document's deletion.
   */
  takeSyncTicket(uri: string): Promise<string>;
  /** The latest ticket of `uri`: the one whose recording the index applied last (`undefined`: none). */
  latestSyncTicket(uri: string): Promise<string | undefined>;
}

/** The sync-ticket half of {@link DatasetIndex}, for an index that keeps its tickets elsewhere. */
export type SyncTickets = Pick<DatasetIndex, 'takeSyncTicket' | 'latestSyncTicket'>;

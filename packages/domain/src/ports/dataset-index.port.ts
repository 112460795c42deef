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
}

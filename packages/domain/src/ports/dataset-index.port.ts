import type { DatasetDocument } from '../model/dataset-document.js';

/** Options of {@link DatasetIndex.upsert}. */
export interface UpsertOptions {
  /** Stored with the document (see `storedFingerprint`); a document written without one has none. */
  readonly fingerprint?: string;
  /**
   * The caller believes no document has this URI yet (a sync found none): the index may batch
   * such writes as inserts. It stays an upsert: a document written meanwhile is replaced.
   */
  readonly expectNew?: boolean;
}

/**
 * The searchable index of datasets (dserver's Mongo collection). Implementations are
 * idempotent: upserting the same document twice leaves one document; deleting a missing
 * one is not an error. Transient failures throw `DtoolNotifyError('retryable')`.
 */
export interface DatasetIndex {
  /** Inserts or replaces the document with the same `uri`, atomically. */
  upsert(document: DatasetDocument, options?: UpsertOptions): Promise<void>;
  /** Deletes the document with this URI; resolves to whether one existed. */
  deleteByUri(uri: string): Promise<boolean>;
  findByUri(uri: string): Promise<DatasetDocument | undefined>;
  /** Whether a document with this URI exists (without reading it). */
  exists(uri: string): Promise<boolean>;
  findByBaseUriAndUuid(baseUri: string, uuid: string): Promise<DatasetDocument | undefined>;
  /** The URIs of every document under a base URI (for reconciling with a bucket). */
  listUris(baseUri: string): Promise<string[]>;
  /**
   * The URI of every document under a base URI with the fingerprint stored with it
   * (`undefined` when none, or when the index cannot store one), in one pass: a sync reads
   * it once instead of looking each dataset up.
   */
  readFingerprints(baseUri: string): Promise<ReadonlyMap<string, string | undefined>>;
  /**
   * What a look-up gives back after upserting `document`, for an index that keeps only part
   * of it (dserver keeps the fields of its registration schema). Absent: the whole document.
   */
  keptForm?(document: DatasetDocument): DatasetDocument;
  /**
   * Announces to every instance sharing the index that a look at storage for `uri` is about
   * to begin: records a new ticket, unlike any handed out before, as the latest of `uri`
   * (one atomic single-document write) and resolves to it. It survives the document's deletion
   * and stays until released ({@link releaseSyncTickets}) or replaced.
   */
  takeSyncTicket(uri: string): Promise<string>;
  /** The latest ticket of `uri`: the one whose recording the index applied last (`undefined`: none). */
  latestSyncTicket(uri: string): Promise<string | undefined>;
  /**
   * {@link takeSyncTicket} for each of several URIs, in one bulk operation where the index has
   * one (a backfill takes them a batch at a time): each ticket is still recorded by one atomic
   * single-document write. Resolves to URI → its new ticket.
   */
  takeSyncTickets(uris: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /** {@link latestSyncTicket} of several URIs, in one read: URI → its latest ticket (absent: none). */
  latestSyncTickets(uris: readonly string[]): Promise<ReadonlyMap<string, string>>;
  /**
   * Forgets each URI's ticket while it is still the given one, in one operation: a sync is done
   * with its ticket, and the index keeps about as many tickets as there are syncs in flight
   * rather than one per dataset ever synced (an index that scans for every look-up, as
   * FerretDB's SQLite backend does, pays for each one kept on every ticket read). A forgotten
   * ticket reads as none, unlike any ticket handed out, so no verification passes that should
   * fail; an index without an atomic conditional delete may also forget a ticket taken
   * meanwhile, which only makes that sync read storage once more.
   */
  releaseSyncTickets(tickets: ReadonlyMap<string, string>): Promise<void>;
}

/** The sync-ticket half of {@link DatasetIndex}, for an index that keeps its tickets elsewhere. */
export type SyncTickets = Pick<DatasetIndex, 'takeSyncTicket' | 'latestSyncTicket' | 'takeSyncTickets' | 'latestSyncTickets' | 'releaseSyncTickets'>;

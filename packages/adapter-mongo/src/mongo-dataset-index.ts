import type { MongoClient } from 'mongodb';
import type { DatasetIndex, Logger } from '@dtool-notify/domain';
import type { ServerInfo } from './server-info.js';

/** Where the index lives: a connection string, or a client the caller owns and closes. */
export type MongoConnection = { readonly uri: string } | { readonly client: MongoClient };

/** Options of `createMongoDatasetIndex`. */
export type MongoDatasetIndexOptions = MongoConnection & {
  /** Defaults to `dtool_info`, as dserver's Mongo plugins. */
  readonly database?: string;
  /** Defaults to `datasets`, as dserver's Mongo plugins. */
  readonly collection?: string;
  /**
   * Where sync tickets are kept (see `DatasetIndex.takeSyncTicket`), in the same database;
   * defaults to `dtool_notify_sync_tickets`. dserver never reads it.
   */
  readonly ticketCollection?: string;
  /**
   * Re-key, at start-up, every document stored under an ObjectId (as dserver registers) to its
   * URI (default true). A sync leaves it off: its pass over the base URI
   * (`readFingerprints`) adopts the documents of that base URI without the extra scan of the
   * whole collection that start-up adoption costs on FerretDB.
   */
  readonly adoptAtStartUp?: boolean;
  /** How long an operation waits for a usable server before failing as retryable (default 5000; a passed-in client keeps its own). */
  readonly serverSelectionTimeoutMs?: number;
  readonly logger?: Logger;
};

/** The outcome of a readiness probe. */
export type Readiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/** Operations sent to the server since start-up (a retried upsert counts twice). */
export interface MongoIndexStats {
  readonly writes: number;
  readonly reads: number;
  /** Upserts repeated after a duplicate-key error from a racing upsert. */
  readonly duplicateKeyRetries: number;
  /** Sync tickets taken and looked up (counted apart from `writes` and `reads`). */
  readonly tickets: number;
}

/** The `DatasetIndex` port on a MongoDB collection, plus what the service needs to run it. */
export interface MongoDatasetIndex extends DatasetIndex {
  /** The server found at start-up. */
  readonly server: ServerInfo;
  /** Pings the server. */
  checkReadiness(): Promise<Readiness>;
  stats(): MongoIndexStats;
  /** Closes the client, unless the caller passed its own (then the caller closes it). */
  close(): Promise<void>;
}

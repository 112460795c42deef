import { MongoClient } from 'mongodb';
import type { SyncTickets } from '@dtool-notify/domain';
import { toNotifyError } from './map-mongo-error.js';
import { DEFAULT_TICKET_COLLECTION, syncTicketsIn, type TicketDocument } from './sync-tickets.js';

/** Options of {@link createMongoDocumentRemover}. */
export interface MongoDocumentRemoverOptions {
  readonly uri: string;
  readonly database?: string;
  readonly collection?: string;
  /** How long an operation waits for a usable server before failing as retryable (default 5000). */
  readonly serverSelectionTimeoutMs?: number;
}

/** Removes documents by dataset URI from a collection someone else writes. */
export interface MongoDocumentRemover {
  /** Deletes every document with this `uri`; resolves to how many there were. */
  removeByUri(uri: string): Promise<number>;
  /**
   * Sync tickets in the same database (collection `dtool_notify_sync_tickets`), so that
   * several instances writing through dserver follow the one multi-instance protocol.
   */
  readonly syncTickets: SyncTickets;
  close(): Promise<void>;
}

/**
 * Deletes a dataset's documents from a collection it does not own: dserver's Mongo search
 * and retrieve plugins (0.4.2) write their collection on registration but implement no
 * removal, so a dataset removed through dserver's API stays searchable until its document
 * goes too. Unlike `createMongoDatasetIndex` it changes nothing else (no indexes, no
 * re-keying). Failures are `DtoolNotifyError`s (`retryable` when the server is unavailable).
 */
export function createMongoDocumentRemover(options: MongoDocumentRemoverOptions): MongoDocumentRemover {
  const client = new MongoClient(options.uri, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000, appName: 'dtool-notify' });
  const db = client.db(options.database ?? 'dtool_info');
  const collection = db.collection(options.collection ?? 'datasets');
  return {
    syncTickets: syncTicketsIn(db.collection<TicketDocument>(DEFAULT_TICKET_COLLECTION)),
    async removeByUri(uri) {
      try {
        return (await collection.deleteMany({ uri })).deletedCount;
      } catch (error) {
        throw toNotifyError(error, { action: 'removal of the search document', uri });
      }
    },
    close: () => client.close(),
  };
}

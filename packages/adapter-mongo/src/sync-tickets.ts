import { randomUUID } from 'node:crypto';
import type { Collection } from 'mongodb';
import type { SyncTickets } from '@dtool-notify/domain';
import { classifyMongoError, toNotifyError } from './map-mongo-error.js';

/** Where sync tickets are kept by default, in the database of the datasets; dserver never reads it. */
export const DEFAULT_TICKET_COLLECTION = 'dtool_notify_sync_tickets';

/** A ticket document: one per dataset URI. */
export interface TicketDocument {
  _id: string;
  ticket: string;
}

/**
 * Sync tickets (see `DatasetIndex.takeSyncTicket`) in a collection: one small document per
 * URI, `{ _id: uri, ticket }`, replaced whole and looked up by `_id` only. FerretDB applies a
 * single-document replace atomically, but not a read-modify-write such as `findOneAndUpdate`
 * with `$inc` (30 concurrent increments gave 9 distinct values), hence random UUIDs compared
 * for equality. `onOperation` counts each operation sent.
 */
export function syncTicketsIn(tickets: Collection<TicketDocument>, onOperation: () => void = () => undefined): SyncTickets {
  const recordTicket = async (uri: string, ticket: string): Promise<string> => {
    onOperation();
    await tickets.replaceOne({ _id: uri }, { ticket }, { upsert: true });
    return ticket;
  };
  return {
    async takeSyncTicket(uri) {
      const ticket = randomUUID();
      try {
        try {
          return await recordTicket(uri, ticket);
        } catch (error) {
          // Two first tickets of a URI can both insert; the loser's retry replaces.
          if (classifyMongoError(error) !== 'duplicate-key') throw error;
          return await recordTicket(uri, ticket);
        }
      } catch (error) {
        throw toNotifyError(error, { action: 'sync ticket', uri });
      }
    },
    async latestSyncTicket(uri) {
      try {
        onOperation();
        return (await tickets.findOne({ _id: uri }))?.ticket ?? undefined;
      } catch (error) {
        throw toNotifyError(error, { action: 'sync ticket look-up', uri });
      }
    },
  };
}

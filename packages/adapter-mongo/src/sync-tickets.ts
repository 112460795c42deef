import { randomUUID } from 'node:crypto';
import { MongoBulkWriteError, type Collection } from 'mongodb';
import type { SyncTickets } from '@dtool-notify/domain';
import { classifyMongoError, isDuplicateKey, toNotifyError } from './map-mongo-error.js';

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
 * for equality. A released ticket is deleted, so the collection holds about one document per
 * sync in flight: FerretDB's SQLite backend scans it for every look-up, even by `_id` (its
 * `_id` index is on another expression than its queries), which made a backfill of 5,000
 * datasets quadratic when every dataset ever synced kept its ticket. `onOperation` counts each
 * operation sent.
 */
export function syncTicketsIn(tickets: Collection<TicketDocument>, onOperation: () => void = () => undefined): SyncTickets {
  const recordTicket = async (uri: string, ticket: string): Promise<string> => {
    onOperation();
    await tickets.replaceOne({ _id: uri }, { ticket }, { upsert: true });
    return ticket;
  };
  const latestSyncTicket = async (uri: string): Promise<string | undefined> => {
    try {
      onOperation();
      return (await tickets.findOne({ _id: uri }))?.ticket ?? undefined;
    } catch (error) {
      throw toNotifyError(error, { action: 'sync ticket look-up', uri });
    }
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
          return await recordTicket(uri, ticket).catch((again: unknown) => {
            // Released and inserted by another taker in between, again: that newer ticket is the
            // latest, so this one's check fails and its sync reads storage once more, as it must.
            if (classifyMongoError(again) !== 'duplicate-key') throw again;
            return ticket;
          });
        }
      } catch (error) {
        throw toNotifyError(error, { action: 'sync ticket', uri });
      }
    },
    latestSyncTicket,
    async takeSyncTickets(uris) {
      const taken = new Map(uris.map((uri) => [uri, randomUUID()]));
      if (taken.size === 0) return taken;
      try {
        // Inserted first: on FerretDB's SQLite backend an insert touches only the unique index,
        // while every replace, even by _id, scans the collection. URIs that have a ticket already
        // (an insert refused as a duplicate) get theirs replaced, in one more bulk command.
        const existing = await insertNew(tickets, taken, onOperation);
        if (existing.length > 0) {
          onOperation();
          await tickets
            .bulkWrite(
              existing.map((uri) => ({ replaceOne: { filter: { _id: uri }, replacement: { ticket: taken.get(uri) ?? '' }, upsert: true } })),
              { ordered: false },
            )
            .catch((error: unknown) => {
              // A ticket released and inserted by another taker between the insert and this replace
              // (FerretDB does not retry such upserts): that newer ticket is the latest, so the
              // check of ours fails and the dataset is synced again, as it must be.
              if (!onlyDuplicateKeys(error)) throw error;
            });
        }
        return taken;
      } catch (error) {
        throw toNotifyError(error, { action: 'sync tickets', uri: severalUris(uris) });
      }
    },
    async latestSyncTickets(uris) {
      if (uris.length === 0) return new Map();
      try {
        onOperation();
        const found = await tickets.find({ _id: { $in: [...uris] } }).toArray();
        return new Map(found.map((document) => [document._id, document.ticket]));
      } catch (error) {
        throw toNotifyError(error, { action: 'sync ticket look-up', uri: severalUris(uris) });
      }
    },
    async releaseSyncTickets(released) {
      if (released.size === 0) return;
      try {
        onOperation();
        // One statement for the batch (FerretDB then looks through the collection once, not once
        // per ticket), conditional on each ticket and atomic per document on MongoDB: a ticket taken
        // since stays. FerretDB may find a document, then delete a ticket replaced in between:
        // that sync then reads storage once more.
        await tickets.deleteMany({ $or: [...released].map(([uri, ticket]) => ({ _id: uri, ticket })) });
      } catch (error) {
        throw toNotifyError(error, { action: 'sync ticket release', uri: severalUris([...released.keys()]) });
      }
    },
  };
}

/** Whether every write of a failed bulk command was refused for a duplicate key. */
function onlyDuplicateKeys(error: unknown): error is MongoBulkWriteError {
  return error instanceof MongoBulkWriteError && [error.writeErrors].flat().every(isDuplicateKey);
}

/** How an error names the URIs of a batch: the first and how many more. */
function severalUris(uris: readonly string[]): string {
  return `${uris[0] ?? ''} and ${uris.length - 1} more`;
}

/** Inserts the tickets of URIs that have none yet, in one unordered command; resolves to the URIs that had one. */
async function insertNew(tickets: Collection<TicketDocument>, taken: ReadonlyMap<string, string>, onOperation: () => void): Promise<string[]> {
  const documents = [...taken].map(([uri, ticket]) => ({ _id: uri, ticket }));
  onOperation();
  try {
    await tickets.insertMany(documents, { ordered: false });
    return [];
  } catch (error) {
    if (!onlyDuplicateKeys(error)) throw error;
    const failures = [error.writeErrors].flat();
    return failures.map((failure) => documents[failure.index]?._id ?? '').filter((uri) => uri !== '');
  }
}

import { randomUUID } from 'node:crypto';
import type { SyncTickets } from '@dtool-notify/domain';

/**
 * Sync tickets held in this process: dserver's API has nowhere to keep them. They make one
 * instance exactly as correct as the protocol promises; several instances need tickets they
 * all see (the service passes tickets in dserver's MongoDB when `SEARCH_MONGO_URI` is set).
 */
export function createInProcessSyncTickets(): SyncTickets {
  const latest = new Map<string, string>();
  return {
    takeSyncTicket: async (uri) => {
      const ticket = randomUUID();
      latest.set(uri, ticket);
      return ticket;
    },
    latestSyncTicket: async (uri) => latest.get(uri),
    takeSyncTickets: async (uris) => {
      const taken = new Map(uris.map((uri) => [uri, randomUUID()]));
      for (const [uri, ticket] of taken) latest.set(uri, ticket);
      return taken;
    },
    latestSyncTickets: async (uris) => new Map(uris.flatMap((uri) => (latest.has(uri) ? [[uri, latest.get(uri) ?? '']] : []))),
    releaseSyncTickets: async (released) => {
      for (const [uri, ticket] of released) if (latest.get(uri) === ticket) latest.delete(uri);
    },
  };
}

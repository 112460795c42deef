import type { DatasetIndex } from '../ports/dataset-index.port.js';

/**
 * Releases the sync tickets a sync is done with. A failure (the index went away) is not the
 * sync's: its outcome stands, and a ticket left behind costs only room until the next sync of
 * that URI replaces and releases it.
 */
export async function releaseTickets(index: DatasetIndex, tickets: ReadonlyMap<string, string>): Promise<void> {
  if (tickets.size === 0) return;
  await index.releaseSyncTickets(tickets).catch(() => undefined);
}

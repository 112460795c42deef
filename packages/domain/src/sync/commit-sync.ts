import { retryableError } from '../model/errors.js';
import type { ReadmeLayout } from '../model/dataset-document.js';
import { datasetUri, type DatasetLocation } from '../model/dataset-location.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import { readLocatedDataset, type LocatedDocument } from './read-located-dataset.js';
import { releaseTickets } from './release-tickets.js';
import type { ReadmeLimits } from './read-dataset-document.js';
import { sameDocument } from './same-document.js';
import type { SyncOutcome } from '../model/sync-outcome.js';

/** Rounds of read, write and verify before a dataset that keeps changing is left to the sender's retry. */
const MAX_ROUNDS = 5;

/**
 * Syncs one dataset so that a late write can never win over a newer one, whatever the
 * interleaving with other instances (docs/multi-instance.md): take a sync ticket, read
 * storage, write the document (or delete it), then look at the latest ticket. Unchanged: no
 * look at storage began since ours, so any later writer read storage after our write and
 * overwrites it. Changed: someone looked after us and may have written before us; read again
 * and, if storage no longer says what we wrote, write that and verify once more. The last
 * ticket taken is released at the end, whatever the outcome.
 */
export async function commitSync(
  index: DatasetIndex,
  reader: ManifestReader,
  location: DatasetLocation,
  readmeLayout?: ReadmeLayout,
  limits?: ReadmeLimits,
): Promise<SyncOutcome> {
  const uri = datasetUri(location);
  let written: LocatedDocument | undefined;
  let existed = false;
  let ticket: string | undefined;
  try {
    for (let round = 1; round <= MAX_ROUNDS; round += 1) {
      ticket = await index.takeSyncTicket(uri);
      const found = await readLocatedDataset(reader, location, readmeLayout, limits);
      if (found.status === 'not-a-dataset') return { outcome: 'not-a-dataset', uri, reason: found.reason };
      if (found.status === 'elsewhere') return { outcome: 'unchanged', uri, reason: found.reason };
      if (written === undefined || !sameState(written, found)) {
        if (found.status === 'gone') existed = (await index.deleteByUri(uri)) || existed;
        else await index.upsert(found.document);
        written = found;
        if ((await index.latestSyncTicket(uri)) !== ticket) continue;
      }
      return found.status === 'gone' ? { outcome: 'deleted', uri, existed } : { outcome: 'indexed', uri };
    }
    throw retryableError(`dataset ${uri} changed during each of ${MAX_ROUNDS} syncs in a row; the sender's retry will sync it again`);
  } finally {
    if (ticket !== undefined) await releaseTickets(index, new Map([[uri, ticket]]));
  }
}

function sameState(left: LocatedDocument, right: LocatedDocument): boolean {
  if (left.status === 'gone' || right.status === 'gone') return left.status === right.status;
  return left.status === 'document' && right.status === 'document' && sameDocument(left.document, right.document);
}

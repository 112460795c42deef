import type { PartChange } from '../model/dataset-fingerprint.js';
import type { DatasetIndex } from '../ports/dataset-index.port.js';
import { createKeyedCoalescer } from './coalesce-per-key.js';
import { createSemaphore } from './semaphore.js';
import { releaseTickets } from './release-tickets.js';

/** Whether notified changes need a sync, and why not when they do not. */
export type ScreenVerdict = { readonly sync: true } | { readonly sync: false; readonly reason: string };

/** Decides, before any read of storage, whether notified changes of one dataset can be skipped. */
export type ChangeScreen = (uri: string, changes: readonly PartChange[]) => Promise<ScreenVerdict>;

/**
 * The one skip the synchronizer makes, on evidence from the index only: a change to a
 * dataset's README, manifest, tags or annotations while the index holds no document for it
 * needs no read, as a dataset is indexed when its final `dtool` object is written and that
 * sync reads every part. A change to `dtool` always syncs. Nothing a notification claims
 * (sequencer, ETag, size, time) is looked at.
 *
 * The sync ticket taken first makes the skip safe with any number of instances: a sync of
 * the dataset that read storage before this change and writes after the look-up below sees
 * the newer ticket when it verifies its write, and reads storage again (see `commit-sync.ts`).
 */
export function createChangeScreen(index: DatasetIndex): ChangeScreen {
  // The changes a dtool upload makes (README, manifest, tags, annotations) arrive together:
  // look-ups of one dataset asked for while one is under way share a single further look-up,
  // so each change is still answered by a ticket taken after it was notified.
  const lookUps = createKeyedCoalescer<boolean>(createSemaphore(Number.POSITIVE_INFINITY));
  // A skip releases its ticket (no sync follows to release it): otherwise every dataset
  // deleted part by part, or left a protodataset, would keep one for good.
  const isIndexed = (uri: string): Promise<boolean> =>
    lookUps.run(uri, async () => {
      const ticket = await index.takeSyncTicket(uri);
      const indexed = await index.exists(uri);
      if (!indexed) await releaseTickets(index, new Map([[uri, ticket]]));
      return indexed;
    });
  return async (uri, changes) => {
    if (changes.some((change) => change.part.kind === 'admin-metadata')) return { sync: true };
    if (await isIndexed(uri)) return { sync: true };
    return { sync: false, reason: 'not indexed yet: a dataset is indexed when its final dtool object is written' };
  };
}

/** The screen that skips nothing (to run a synchronizer with no skip at all). */
export const syncEveryChange: ChangeScreen = async () => ({ sync: true });

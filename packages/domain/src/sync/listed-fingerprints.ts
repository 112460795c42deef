import type { FingerprintResult, ListedFingerprint, ManifestReader } from '../ports/manifest-reader.port.js';

/** Listings of whole prefixes, walked alongside a bucket's registration keys. */
export interface ListedFingerprints {
  /**
   * What the listing of `prefix` shows of dataset `uuid`: `found` with its fingerprint, or
   * `gone` (no `dtool` object there). `undefined` when the listing cannot tell cheaply (asked
   * out of uuid order): then look at the dataset alone.
   */
  lookUp(prefix: string, uuid: string): Promise<FingerprintResult | undefined>;
  /** Ends the listings still open. */
  close(): Promise<void>;
}

/** A listing of one prefix in progress: the entry it showed last, not yet asked for. */
interface Cursor {
  readonly listing: AsyncIterator<ListedFingerprint>;
  next: ListedFingerprint | undefined;
  exhausted: boolean;
  /** The uuid asked for last: the listing has gone past everything up to it. */
  asked: string;
}

/**
 * Verification at a fraction of a request per dataset: registration keys come in uuid order,
 * and so do the datasets of one prefix in its listing (`ManifestReader.listFingerprints`),
 * so one cursor per prefix, moved forward as the datasets are asked for, answers them all
 * from a few listing pages. At most `maxOpen` prefixes are listed at once (the least
 * recently asked is closed, and reopened at the uuid asked when needed again), so memory
 * stays bounded however many prefixes the bucket holds.
 */
export function createListedFingerprints(reader: ManifestReader, bucket: string, maxOpen = 16): ListedFingerprints {
  const cursors = new Map<string, Cursor>();
  const open = (prefix: string, uuid: string): Cursor => {
    if (cursors.size >= maxOpen) {
      const [oldest, cursor] = cursors.entries().next().value as [string, Cursor];
      cursors.delete(oldest);
      void cursor.listing.return?.();
    }
    const cursor: Cursor = { listing: reader.listFingerprints(bucket, prefix, uuid)[Symbol.asyncIterator](), next: undefined, exhausted: false, asked: '' };
    cursors.set(prefix, cursor);
    return cursor;
  };
  return {
    async lookUp(prefix, uuid) {
      let cursor = cursors.get(prefix);
      if (cursor !== undefined && uuid <= cursor.asked) return undefined;
      if (cursor === undefined) cursor = open(prefix, uuid);
      // Most recently asked last: the first entry is the one to close.
      cursors.delete(prefix);
      cursors.set(prefix, cursor);
      cursor.asked = uuid;
      try {
        for (;;) {
          if (cursor.next === undefined && !cursor.exhausted) {
            const step = await cursor.listing.next();
            if (step.done === true) cursor.exhausted = true;
            else cursor.next = step.value;
          }
          const listed = cursor.next;
          if (listed === undefined || listed.uuid > uuid) return { status: 'gone' };
          cursor.next = undefined;
          if (listed.uuid === uuid) return { status: 'found', fingerprint: listed.fingerprint };
        }
      } catch {
        // A failed listing page: the dataset is looked at alone, which reports its own failure.
        cursors.delete(prefix);
        return undefined;
      }
    },
    async close() {
      const open = [...cursors.values()];
      cursors.clear();
      await Promise.all(open.map((cursor) => cursor.listing.return?.()));
    },
  };
}

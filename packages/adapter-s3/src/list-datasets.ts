import { LRUCache } from 'lru-cache';
import pLimit from 'p-limit';
import { registrationKeyUuid, type ListedDataset } from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';

/** How many registration keys the bucket's top level holds: listing pages only, no body read. */
export async function countDatasets(objects: BucketObjects): Promise<number> {
  let count = 0;
  for await (const page of objects.listPages('dtool-', '/')) count += page.keys.filter((key) => registrationKeyUuid(key) !== undefined).length;
  return count;
}

/**
 * Every dataset registered at the bucket's top level: lists the `dtool-<uuid>` keys page by
 * page (the `/` delimiter keeps deeper keys out of the listing) and reads each one's body,
 * its prefix, with at most `concurrency` GETs at once. A key deleted meanwhile is skipped.
 * Each dataset is yielded as soon as its prefix is known (in listing order), so work on the
 * first ones starts while the rest of the page is read.
 *
 * A bucket holds few distinct prefixes (one per user, say) and S3 gives equal ETags only to
 * equal contents, so a key whose listed ETag was seen before has that body: only the first
 * key of each prefix is read (a backfill of 5,000 datasets under one prefix reads one).
 */
export async function* listDatasets(objects: BucketObjects, concurrency: number): AsyncGenerator<ListedDataset> {
  const limit = pLimit(concurrency);
  const prefixByETag = new LRUCache<string, Promise<string | undefined>>({ max: 1000 });
  const readPrefix = (key: string, listedETag: string | undefined): Promise<string | undefined> => {
    if (listedETag === undefined) return limit(() => objects.getPrefixText(key));
    let shared = prefixByETag.get(listedETag);
    if (shared === undefined) {
      // Shared only if the object read still has the listed ETag (it may change in between).
      shared = limit(() => objects.getPrefixObject(key)).then((object) => (object?.eTag === listedETag ? object.text : undefined));
      prefixByETag.set(listedETag, shared);
      shared.catch(() => prefixByETag.delete(listedETag));
    }
    return shared.then((text) => text ?? limit(() => objects.getPrefixText(key)));
  };
  for await (const page of objects.listPages('dtool-', '/')) {
    const keys = page.keys.filter((key) => registrationKeyUuid(key) !== undefined);
    const uuids = keys.map((key) => registrationKeyUuid(key) ?? '');
    const prefixes = keys.map((key) => readPrefix(key, page.eTags.get(key)));
    // Nothing rejects unobserved if the consumer stops early: every read is awaited or caught.
    for (const pending of prefixes) pending.catch(() => undefined);
    for (const [index, uuid] of uuids.entries()) {
      const prefix = await prefixes[index];
      if (prefix !== undefined) yield { uuid, prefix };
    }
  }
}

import { createSemaphore, type ListedDataset } from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';
import { registrationKey } from './resolve-prefix.js';

const REGISTRATION_KEY = /^dtool-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/** How many registration keys the bucket's top level holds: listing pages only, no body read. */
export async function countDatasets(objects: BucketObjects): Promise<number> {
  let count = 0;
  for await (const page of objects.listPages('dtool-', '/')) count += page.keys.filter((key) => REGISTRATION_KEY.test(key)).length;
  return count;
}

/**
 * Every dataset registered at the bucket's top level: lists the `dtool-<uuid>` keys page by
 * page (the `/` delimiter keeps deeper keys out of the listing) and reads each one's body,
 * its prefix, with at most `concurrency` GETs at once. A key deleted meanwhile is skipped.
 * Each dataset is yielded as soon as its prefix is known (in listing order), so work on the
 * first ones starts while the rest of the page is read.
 */
export async function* listDatasets(objects: BucketObjects, concurrency: number): AsyncGenerator<ListedDataset> {
  const limit = createSemaphore(concurrency);
  for await (const page of objects.listPages('dtool-', '/')) {
    const uuids = page.keys.flatMap((key) => {
      const uuid = REGISTRATION_KEY.exec(key)?.[1];
      return uuid === undefined ? [] : [uuid];
    });
    const prefixes = uuids.map((uuid) => limit.run(() => objects.getText(registrationKey(uuid))));
    // Nothing rejects unobserved if the consumer stops early: every read is awaited or caught.
    for (const pending of prefixes) pending.catch(() => undefined);
    for (const [index, uuid] of uuids.entries()) {
      const prefix = await prefixes[index];
      if (prefix !== undefined) yield { uuid, prefix };
    }
  }
}

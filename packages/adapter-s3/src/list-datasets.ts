import pLimit from 'p-limit';
import type { ListedDataset } from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';
import { registrationKey } from './resolve-prefix.js';

const REGISTRATION_KEY = /^dtool-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$/;

/**
 * Every dataset registered at the bucket's top level: lists the `dtool-<uuid>` keys page by
 * page (the `/` delimiter keeps deeper keys out of the listing) and reads each one's body,
 * its prefix, with at most `concurrency` GETs at once. A key deleted meanwhile is skipped.
 */
export async function* listDatasets(objects: BucketObjects, concurrency: number): AsyncGenerator<ListedDataset> {
  const limit = pLimit(concurrency);
  for await (const page of objects.listPages('dtool-', '/')) {
    const uuids = page.keys.flatMap((key) => {
      const uuid = REGISTRATION_KEY.exec(key)?.[1];
      return uuid === undefined ? [] : [uuid];
    });
    const prefixes = await Promise.all(uuids.map((uuid) => limit(() => objects.getPrefixText(registrationKey(uuid)))));
    for (const [index, uuid] of uuids.entries()) {
      const prefix = prefixes[index];
      if (prefix !== undefined) yield { uuid, prefix };
    }
  }
}

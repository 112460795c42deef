import { datasetDirectoryKey, type ListedFingerprint } from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';
import { createFingerprintKeys, FINGERPRINT_FOLDERS, type FingerprintKeys } from './dataset-fingerprint-keys.js';

/**
 * The fingerprints of the datasets directly under `prefix`, from listings of the whole prefix
 * (no delimiter), in key order, which is uuid order: a page of 1,000 keys covers about a
 * hundred small datasets. A page that ends inside a folder no fingerprint needs (a dataset's
 * `data/`, or another prefix nested below this one) is not followed page by page: the next
 * listing starts after that folder (`StartAfter` of the folder name with its `/` replaced by
 * `0`, the next character), so a big dataset costs at most one page more. Holds at most two pages
 * (the one walked and, from the second page on, the next, requested ahead) and one dataset's keys at a time.
 */
export async function* listFingerprints(objects: BucketObjects, prefix: string, fromUuid?: string): AsyncGenerator<ListedFingerprint> {
  const startAfter = fromUuid === undefined ? undefined : `${prefix}${fromUuid}`;
  let current: { uuid: string; keys: FingerprintKeys } | undefined;
  const finished = (): ListedFingerprint | undefined => {
    const fingerprint = current?.keys.fingerprint();
    return current === undefined || fingerprint === undefined ? undefined : { uuid: current.uuid, fingerprint };
  };
  let request = objects.listPageAfter(prefix, startAfter);
  for (let pages = 1; ; pages += 1) {
    const page = await request;
    const last = page.keys.at(-1);
    const resumeAfter = page.truncated && last !== undefined ? listingResumesAfter(prefix, last) : undefined;
    // Read ahead from the second page on (a listing walked that far is a long one; a cursor
    // opened for one dataset and closed again costs no extra page): storage lists the next
    // page while this one is walked. Its failure is thrown when it is awaited.
    const readAhead = pages > 1;
    if (resumeAfter !== undefined && readAhead) {
      request = objects.listPageAfter(prefix, resumeAfter);
      request.catch(() => undefined);
    }
    for (const key of page.keys) {
      const place = datasetDirectoryKey(key.slice(prefix.length));
      if (place === undefined) continue;
      const { uuid, path } = place;
      if (current?.uuid !== uuid) {
        const done = finished();
        if (done !== undefined) yield done;
        current = { uuid, keys: createFingerprintKeys() };
      }
      current.keys.add(path, page.eTags.get(key));
    }
    if (resumeAfter === undefined) break;
    if (!readAhead) request = objects.listPageAfter(prefix, resumeAfter);
  }
  const done = finished();
  if (done !== undefined) yield done;
}

/** Where the listing of `prefix` goes on after a page that ended with `lastKey`. */
function listingResumesAfter(prefix: string, lastKey: string): string {
  const relative = lastKey.slice(prefix.length);
  const place = datasetDirectoryKey(relative);
  if (place === undefined) {
    // Not a dataset's directory: a nested prefix (skipped whole) or a file of the prefix itself.
    const slash = relative.indexOf('/');
    return slash === -1 ? lastKey : `${prefix}${relative.slice(0, slash)}0`;
  }
  const { uuid, path } = place;
  const slash = path.indexOf('/');
  if (slash === -1 || FINGERPRINT_FOLDERS.has(path.slice(0, slash))) return lastKey;
  return `${prefix}${uuid}/${path.slice(0, slash)}0`;
}

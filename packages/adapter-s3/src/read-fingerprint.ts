import type { FingerprintResult, DatasetLocation } from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';
import { createFingerprintKeys } from './dataset-fingerprint-keys.js';
import { datasetKey, resolvePrefix } from './resolve-prefix.js';

/**
 * What the listings of a dataset's directory say of it, without reading a body: one listing
 * of `<prefix><uuid>/` with the `/` delimiter gives the ETags of `dtool`, README.yml and
 * manifest.json and shows whether `tags/` and `annotations/` exist; only then are those
 * listed too. `data/` is never listed.
 */
export async function readFingerprint(objects: BucketObjects, location: DatasetLocation): Promise<FingerprintResult> {
  const prefix = await resolvePrefix(objects, location);
  if (prefix === undefined) return { status: 'gone' };
  const directory = datasetKey(prefix, location.uuid, '');
  const keys = createFingerprintKeys();
  const folders = new Set<string>();
  const addPages = async (listed: string, delimiter?: string): Promise<void> => {
    for await (const page of objects.listPages(listed, delimiter)) {
      for (const key of page.keys) keys.add(key.slice(directory.length), page.eTags.get(key));
      for (const folder of page.commonPrefixes) folders.add(folder.slice(directory.length));
    }
  };
  await addPages(directory, '/');
  if (keys.fingerprint() === undefined) return { status: 'gone' };
  if (folders.has('tags/')) await addPages(`${directory}tags/`);
  if (folders.has('annotations/')) await addPages(`${directory}annotations/`);
  const fingerprint = keys.fingerprint();
  return fingerprint === undefined ? { status: 'gone' } : { status: 'found', fingerprint };
}

import type { FingerprintResult, DatasetLocation } from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';
import { annotationName } from './read-dataset.js';
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
  const eTags = new Map<string, string>();
  const keys = new Set<string>();
  const folders = new Set<string>();
  for await (const page of objects.listPages(directory, '/')) {
    for (const key of page.keys) keys.add(key.slice(directory.length));
    for (const [key, eTag] of page.eTags) eTags.set(key.slice(directory.length), eTag);
    for (const folder of page.commonPrefixes) folders.add(folder.slice(directory.length));
  }
  if (!keys.has('dtool')) return { status: 'gone' };
  const tags = folders.has('tags/') ? await tagNames(objects, `${directory}tags/`) : [];
  const annotations = folders.has('annotations/') ? await annotationETags(objects, `${directory}annotations/`) : {};
  const known = (name: string, key: string): Record<string, string> => {
    const eTag = eTags.get(key);
    return eTag === undefined ? {} : { [name]: eTag };
  };
  return {
    status: 'found',
    fingerprint: { eTags: { ...known('dtool', 'dtool'), ...known('readme', 'README.yml'), ...known('manifest', 'manifest.json'), annotations }, tags },
  };
}

async function tagNames(objects: BucketObjects, directory: string): Promise<string[]> {
  const keys = await objects.listAllKeys(directory);
  return [...new Set(keys.map((key) => key.slice(key.lastIndexOf('/') + 1)).filter((tag) => tag !== ''))];
}

async function annotationETags(objects: BucketObjects, directory: string): Promise<Record<string, string>> {
  const annotations: Array<[string, string]> = [];
  for await (const page of objects.listPages(directory)) {
    for (const key of page.keys) {
      const name = annotationName(key.slice(directory.length));
      const eTag = page.eTags.get(key);
      if (name !== undefined && eTag !== undefined) annotations.push([name, eTag]);
    }
  }
  return Object.fromEntries(annotations);
}

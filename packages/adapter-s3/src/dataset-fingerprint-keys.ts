import type { DatasetFingerprint } from '@dtool-notify/domain';
import { annotationName } from './read-dataset.js';

/** Gathers, key by key, what a listing of one dataset's directory says of its fingerprint. */
export interface FingerprintKeys {
  /** One listed key, as its path below `<prefix><uuid>/`, with its ETag (unquoted). */
  add(path: string, eTag: string | undefined): void;
  /** The fingerprint the keys added so far give; `undefined` without a `dtool` object. */
  fingerprint(): DatasetFingerprint | undefined;
}

/** Whether a key below a dataset's directory counts towards its fingerprint: the folders that do. */
export const FINGERPRINT_FOLDERS: ReadonlySet<string> = new Set(['tags', 'annotations']);

/**
 * The one reading of listed keys as a fingerprint, shared by the listing of one dataset and
 * the listing of a whole prefix: the ETags of `dtool`, README.yml and manifest.json, the name
 * and ETag of every `annotations/<name>.json`, and the last component of every key under
 * `tags/` (as a full read sees them).
 */
export function createFingerprintKeys(): FingerprintKeys {
  const eTags: { dtool?: string; readme?: string; manifest?: string } = {};
  const annotations: Array<[string, string]> = [];
  const tags = new Set<string>();
  let hasDtool = false;
  return {
    add(path, eTag) {
      if (path === 'dtool') {
        hasDtool = true;
        if (eTag !== undefined) eTags.dtool = eTag;
      } else if (path === 'README.yml') {
        if (eTag !== undefined) eTags.readme = eTag;
      } else if (path === 'manifest.json') {
        if (eTag !== undefined) eTags.manifest = eTag;
      } else if (path.startsWith('tags/')) {
        const tag = path.slice(path.lastIndexOf('/') + 1);
        if (tag !== '') tags.add(tag);
      } else if (path.startsWith('annotations/')) {
        const name = annotationName(path.slice('annotations/'.length));
        if (name !== undefined && eTag !== undefined) annotations.push([name, eTag]);
      }
    },
    fingerprint() {
      if (!hasDtool) return undefined;
      return { eTags: { ...eTags, annotations: Object.fromEntries(annotations) }, tags: [...tags] };
    },
  };
}

import type { ReadmeLayout } from './dataset-document.js';
import type { DatasetETags } from './dataset-fingerprint.js';

/** What a dataset's document is built from, object by object: the ETags and the tag names. */
export interface DatasetFingerprint {
  readonly eTags: DatasetETags;
  readonly tags: readonly string[];
}

/**
 * Bumped whenever the document built from the same objects would change (a new field, a
 * different conversion), so every stored fingerprint stops matching and the next sync reads
 * each dataset in full once.
 */
const DOCUMENT_FORMAT = 1;

/**
 * The fingerprint stored with a document: what its content was built from (the ETags of
 * `dtool`, README, manifest and each annotation, and the tag names) and how. Equal text means
 * an equal document, so a sync can compare it with what a listing reports and skip the read.
 * `undefined` when storage reported no ETag of the `dtool` object or the manifest (then
 * nothing can be compared, and every sync reads the dataset).
 */
export function storedFingerprint(fingerprint: DatasetFingerprint, readmeLayout: ReadmeLayout): string | undefined {
  const { eTags, tags } = fingerprint;
  if (eTags.dtool === undefined || eTags.manifest === undefined) return undefined;
  const annotations = Object.entries(eTags.annotations).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([DOCUMENT_FORMAT, readmeLayout, eTags.dtool, eTags.readme ?? null, eTags.manifest, annotations, [...new Set(tags)].sort()]);
}

import type { DatasetPart } from './classify-object-key.js';

/** ETags (unquoted) of the objects a full read saw; a reader reports what it knows. */
export interface DatasetETags {
  /** The `dtool` admin-metadata object's. */
  readonly dtool?: string;
  readonly readme?: string;
  readonly manifest?: string;
  readonly annotations: Readonly<Record<string, string>>;
}

/** What the index shows of a dataset, object by object: its ETags and its tags. */
export interface DatasetFingerprint {
  readonly eTags: DatasetETags;
  readonly tags: readonly string[];
}

/** A write or removal of one object of a dataset, as a notification reports it. */
export interface PartChange {
  readonly kind: 'created' | 'removed';
  readonly part: DatasetPart;
  readonly eTag?: string;
  /** S3's ordering token of the event: comparable between events of the same key. */
  readonly sequencer?: string;
}

/**
 * True when an index built from what `fingerprint` describes already shows `change`: the
 * README or an annotation with the same ETag, a tag that is (or is not) there. A late or
 * duplicated notification of such a change needs no read; anything uncertain returns false.
 */
export function isReflected(fingerprint: DatasetFingerprint, change: PartChange): boolean {
  const { eTags, tags } = fingerprint;
  const sameETag = (known: string | undefined): boolean => change.eTag !== undefined && change.eTag === known;
  switch (change.part.kind) {
    case 'admin-metadata':
      return change.kind === 'created' && sameETag(eTags.dtool);
    case 'readme':
      return change.kind === 'created' ? sameETag(eTags.readme) : eTags.readme === undefined;
    case 'manifest':
      return change.kind === 'created' && sameETag(eTags.manifest);
    case 'tag':
      return tags.includes(change.part.name) === (change.kind === 'created');
    case 'annotation':
      return change.kind === 'created'
        ? sameETag(eTags.annotations[change.part.name])
        : !Object.hasOwn(eTags.annotations, change.part.name);
    default:
      return false;
  }
}

/**
 * Orders two S3 sequencers of the same key: hexadecimal strings, compared after padding the
 * shorter with leading zeros (AWS's rule; MinIO's are fixed-width already). Negative when `a`
 * is older.
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padStart(width, '0');
  const right = b.toUpperCase().padStart(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

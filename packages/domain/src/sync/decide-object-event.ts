import { classifyObjectKey, type DatasetPart } from '../model/classify-object-key.js';
import type { PartChange } from '../model/dataset-fingerprint.js';
import type { DatasetLocation } from '../model/dataset-location.js';
import type { ObjectEvent } from '../model/object-event.js';

/** What one object event requires of the index. */
export type Decision =
  /** Bring the dataset's index entry up to date with this change (see `Synchronizer.applyChanges`). */
  | { readonly action: 'sync'; readonly location: DatasetLocation; readonly change: PartChange }
  | { readonly action: 'ignore'; readonly reason: string };

/** Resolves a bucket to its configured base URI, or `undefined` for an unknown bucket. */
export type BaseUriOf = (bucket: string) => string | undefined;

/** Why each part needs no work: the index is built from admin metadata, README, manifest, tags and annotations only. */
const NO_WORK: Readonly<Partial<Record<DatasetPart['kind'], string>>> = {
  registration: 'registration key: the dataset is indexed from its dtool object',
  structure: 'structure.json is not indexed',
  'dtool-readme': 'README.txt is not indexed',
  'http-manifest': 'http_manifest.json is not indexed',
  overlay: 'overlays are not indexed',
  item: 'data item: counts and sizes come from the manifest',
  fragment: 'metadata fragment: temporary while a dataset is written',
};

/**
 * Decides what an object event requires. Writes and deletes of a dataset's `dtool`,
 * README.yml, manifest, tags and annotations all lead to a sync, which reconciles the index
 * with what storage holds now (so reordered or duplicated events converge); every other
 * object costs nothing, which keeps a 10,000-item upload at a constant number of reads.
 */
export function decideObjectEvent(event: ObjectEvent, baseUriOf: BaseUriOf): Decision {
  const classified = classifyObjectKey(event.key);
  if (classified.kind === 'not-dtool') return { action: 'ignore', reason: classified.reason };
  const noWork = NO_WORK[classified.part.kind];
  if (noWork !== undefined) return { action: 'ignore', reason: noWork };
  const baseUri = baseUriOf(event.bucket);
  if (baseUri === undefined) {
    return { action: 'ignore', reason: `bucket "${event.bucket}" is not configured (see DSERVER_NOTIFY_BUCKET_TO_BASE_URI)` };
  }
  const location: DatasetLocation = {
    bucket: event.bucket,
    baseUri,
    uuid: classified.uuid,
    ...(classified.prefix === undefined ? {} : { prefix: classified.prefix }),
  };
  const change: PartChange = {
    kind: event.kind,
    part: classified.part,
    ...(event.eTag === undefined ? {} : { eTag: event.eTag }),
    ...(event.sequencer === undefined ? {} : { sequencer: event.sequencer }),
  };
  return { action: 'sync', location, change };
}

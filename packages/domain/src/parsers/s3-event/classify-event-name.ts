import { quote } from '../quote.js';

/** What an S3 event name means for the index. */
export type EventNameClass =
  | { readonly kind: 'created' | 'removed' }
  | { readonly kind: 'ignored'; readonly reason: string };

/**
 * Lifecycle expirations that delete an object (unversioned bucket, or a permanent delete
 * of a version) or hide it behind a delete marker: for the index they are removals, just as
 * `ObjectRemoved:Delete` and `ObjectRemoved:DeleteMarkerCreated` are. Transitions, restores
 * and expiries of delete markers leave the current object as it was.
 */
const LIFECYCLE_REMOVALS: ReadonlySet<string> = new Set([
  'LifecycleExpiration:Delete',
  'LifecycleExpiration:DeleteMarkerCreated',
]);

/**
 * Classifies an event name, with or without the `s3:` prefix (AWS and MinIO write it,
 * StorageGRID does not): `ObjectCreated:*` are creations (MinIO also files tagging and
 * retention changes there: a needless re-read, never a wrong one), `ObjectRemoved:*` and
 * lifecycle expirations are removals, everything else (`ObjectAccessed:*`,
 * `ObjectRestore:*`, `Replication:*`, `ObjectTagging:*`, `LifecycleTransition`, ...) is ignored.
 */
export function classifyEventName(eventName: string): EventNameClass {
  const name = eventName.startsWith('s3:') ? eventName.slice('s3:'.length) : eventName;
  if (name.startsWith('ObjectCreated:')) return { kind: 'created' };
  if (name.startsWith('ObjectRemoved:') || LIFECYCLE_REMOVALS.has(name)) return { kind: 'removed' };
  return { kind: 'ignored', reason: `event ${quote(eventName, 100)} neither writes nor removes an object` };
}

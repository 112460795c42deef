import {
  parseAdminMetadata,
  parseAdminMetadataJson,
  unreadableError,
  type AdminMetadataResult,
  type DatasetLocation,
  type StorageLimits,
} from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';
import { createByteBudget, type BytesInFlight } from './byte-budget.js';
import { decodeMetadata } from './decode-metadata-value.js';
import { datasetKey, resolvePrefix } from './resolve-prefix.js';

/**
 * Reads a dataset's admin metadata with one HEAD of `<prefix><uuid>/dtool` when its user
 * metadata is complete, falling back to the JSON body (presigned uploads drop the metadata;
 * old datasets lack it). A missing object, or registration key, is `gone`; admin metadata
 * that neither source holds validly throws `DtoolNotifyError('unreadable')`.
 */
export async function readAdminMetadata(
  objects: BucketObjects,
  location: DatasetLocation,
  limits: Pick<StorageLimits, 'maxDatasetBytes' | 'maxJsonDepth'>,
  inFlight: BytesInFlight,
): Promise<AdminMetadataResult> {
  const prefix = await resolvePrefix(objects, location);
  if (prefix === undefined) return { status: 'gone' };
  const key = datasetKey(prefix, location.uuid, 'dtool');
  const head = await objects.headMetadata(key);
  if (head === undefined) return { status: 'gone' };
  const eTag = head.eTag === undefined ? {} : { eTag: head.eTag };
  const fromHeaders = parseAdminMetadata(decodeMetadata(head.metadata));
  if (fromHeaders.ok) return { status: 'found', adminMetadata: fromHeaders.value, ...eTag };
  const budget = createByteBudget(limits.maxDatasetBytes, 'read per dataset', inFlight);
  let fromBody: ReturnType<typeof parseAdminMetadataJson>;
  try {
    const body = await objects.getObject(key, budget);
    if (body === undefined) return { status: 'gone' };
    fromBody = parseAdminMetadataJson(body.text, limits.maxJsonDepth);
  } finally {
    budget.settle();
  }
  if (fromBody.ok) return { status: 'found', adminMetadata: fromBody.value, ...eTag };
  throw unreadableError(`${key}: ${fromBody.reason}; its S3 user metadata ${fromHeaders.reason.replace(/^admin metadata /, '')}`);
}

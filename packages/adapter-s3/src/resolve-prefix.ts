import type { DatasetLocation } from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';

/** The registration key dtool-s3 writes at a bucket's top level for each dataset. */
export function registrationKey(uuid: string): string {
  return `dtool-${uuid}`;
}

/**
 * The key prefix of a dataset: the location's, else the body of its registration key, else
 * (as dtool-s3 does) the bucket's configured dataset prefix. `undefined` when none is known:
 * the dataset is gone.
 */
export async function resolvePrefix(objects: BucketObjects, location: DatasetLocation): Promise<string | undefined> {
  if (location.prefix !== undefined) return location.prefix;
  const registered = await objects.getPrefixText(registrationKey(location.uuid));
  return registered ?? objects.connection.datasetPrefix;
}

/** The key of a dataset object: `<prefix><uuid>/<path>`. */
export function datasetKey(prefix: string, uuid: string, path: string): string {
  return `${prefix}${uuid}/${path}`;
}

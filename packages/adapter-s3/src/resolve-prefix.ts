import type { DatasetLocation, Registration } from '@dtool-notify/domain';
import type { BucketObjects } from './bucket-objects.js';

/** The registration key dtool-s3 writes at a bucket's top level for each dataset. */
export function registrationKey(uuid: string): string {
  return `dtool-${uuid}`;
}

/**
 * Where the bucket says a dataset lives: the body of its registration key (one GET), else, as
 * dtool-s3 does, the bucket's configured dataset prefix.
 */
export async function readRegistration(objects: BucketObjects, uuid: string): Promise<Registration> {
  const registered = await objects.getPrefixText(registrationKey(uuid));
  if (registered !== undefined) return { source: 'registration-key', prefix: registered };
  const configured = objects.connection.datasetPrefix;
  return configured === undefined ? { source: 'none' } : { source: 'configured-prefix', prefix: configured };
}

/**
 * The key prefix of a dataset: the location's, else where its registration says. `undefined`
 * when none is known: the dataset is gone.
 */
export async function resolvePrefix(objects: BucketObjects, location: DatasetLocation): Promise<string | undefined> {
  if (location.prefix !== undefined) return location.prefix;
  const registration = await readRegistration(objects, location.uuid);
  return registration.source === 'none' ? undefined : registration.prefix;
}

/** The key of a dataset object: `<prefix><uuid>/<path>`. */
export function datasetKey(prefix: string, uuid: string, path: string): string {
  return `${prefix}${uuid}/${path}`;
}

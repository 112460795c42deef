import type { Registration } from '../ports/manifest-reader.port.js';

/**
 * The one rule for a dataset's identity and location (README, "Identity"):
 *
 * - Its URI is `<base URI>/<uuid>` with the uuid as the object key writes it, which must be
 *   lower case (dtool writes nothing else) and equal, character for character, to the
 *   `uuid` of its admin metadata ({@link identityProblem}).
 * - It lives under the prefix its registration key `dtool-<uuid>` names; without one, under
 *   the bucket's configured `DTOOL_S3_DATASET_PREFIX_<bucket>`; without that, under the
 *   prefix of the notified key ({@link decideDatasetPrefix}). Objects under any other prefix
 *   are a copy: they neither replace nor delete the entry.
 */
export type PrefixDecision =
  | { readonly kind: 'here'; readonly prefix: string }
  | { readonly kind: 'elsewhere'; readonly reason: string }
  /** No prefix notified and none registered: there is no dataset to look at. */
  | { readonly kind: 'nowhere' };

const LOWER_CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Why `keyUuid` (from an object key) and `metadataUuid` (from its admin metadata, when read) cannot name one dataset; `undefined` when they can. */
export function identityProblem(keyUuid: string, metadataUuid?: string): string | undefined {
  if (!LOWER_CASE_UUID.test(keyUuid)) return `the key names uuid ${keyUuid}, but dtool writes lower-case uuids`;
  if (metadataUuid !== undefined && metadataUuid !== keyUuid) {
    return `admin metadata names uuid ${metadataUuid}, the key says ${keyUuid}: they must be equal`;
  }
  return undefined;
}

/** Where the dataset named by a key under `notifiedPrefix` (`undefined`: no key) lives, given what the bucket says. */
export function decideDatasetPrefix(uuid: string, notifiedPrefix: string | undefined, registration: Registration): PrefixDecision {
  if (registration.source === 'none') return notifiedPrefix === undefined ? { kind: 'nowhere' } : { kind: 'here', prefix: notifiedPrefix };
  const { prefix } = registration;
  if (notifiedPrefix === undefined || notifiedPrefix === prefix) return { kind: 'here', prefix };
  const by = registration.source === 'registration-key' ? `its registration key dtool-${uuid}` : `the bucket's DTOOL_S3_DATASET_PREFIX`;
  return {
    kind: 'elsewhere',
    reason: `a copy: ${by} places dataset ${uuid} under ${JSON.stringify(prefix)}, not ${JSON.stringify(notifiedPrefix)}; its entry is left as it is`,
  };
}

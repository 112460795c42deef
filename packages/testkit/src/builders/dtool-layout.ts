import { pythonFloat, pythonJson } from './python-json.js';

/** The dtoolcore version dtool writes into admin metadata and manifests. */
export const DTOOLCORE_VERSION = '3.17.0';

/** The dtool-s3 version recorded in `structure.json`. */
const STORAGE_BROKER_VERSION = '0.14.1';

/** `README.txt`, as dtool-s3 writes it into every dataset. */
export const DTOOL_README_TEXT = 'README\n======\nThis is a Dtool dataset stored in S3 accessible storage.\n';

/** Timestamps dtool writes as Python floats. */
export const FLOAT_KEYS: ReadonlySet<string> = new Set(['created_at', 'frozen_at', 'utc_timestamp']);

/** The key of a dataset's registration object: `dtool-<uuid>` at the bucket's top level. */
export function registrationKey(uuid: string): string {
  return `dtool-${uuid}`;
}

/** The key of one part of a dataset: `<prefix><uuid>/<suffix>`. */
export function datasetKey(dataset: { readonly prefix: string; readonly uuid: string }, suffix: string): string {
  return `${dataset.prefix}${dataset.uuid}/${suffix}`;
}

/** `structure.json`, key for key as dtool-s3 writes it. */
export function structureJson(uuid: string): string {
  return pythonJson({
    data_key_infix: 'data',
    fragment_key_infix: 'fragments',
    overlays_key_infix: 'overlays',
    annotations_key_infix: 'annotations',
    tags_key_infix: 'tags',
    structure_key_suffix: 'structure.json',
    dtool_readme_key_suffix: 'README.txt',
    dataset_readme_key_suffix: 'README.yml',
    manifest_key_suffix: 'manifest.json',
    admin_metadata_key_suffix: 'dtool',
    http_manifest_key: 'http_manifest.json',
    storage_broker_version: STORAGE_BROKER_VERSION,
    dataset_registration_key: registrationKey(uuid),
  });
}

/** Admin metadata as dtool holds it, in dtool's key order. */
export interface AdminMetadataRecord {
  readonly uuid: string;
  readonly dtoolcore_version: string;
  readonly name: string;
  readonly type: 'protodataset' | 'dataset';
  readonly creator_username: string;
  readonly created_at: number;
  readonly frozen_at?: number;
}

/** The `dtool` object's JSON body, byte for byte as dtool writes it. */
export function adminMetadataBody(admin: AdminMetadataRecord): string {
  return pythonJson(admin, { floatKeys: FLOAT_KEYS });
}

/** The `dtool` object's S3 user metadata: the same keys, every value a string (floats as Python prints them). */
export function adminMetadataHeaders(admin: AdminMetadataRecord): Record<string, string> {
  return Object.fromEntries(
    Object.entries(admin)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, typeof value === 'number' ? pythonFloat(value) : String(value)]),
  );
}

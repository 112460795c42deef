import { randomUUID } from 'node:crypto';
import { parseAdminMetadata, type Manifest } from '@dtool-notify/domain';
import { compareKeys } from '../in-memory/list-objects.js';
import type { BuiltDataset, DatasetObject } from './dataset-object.js';
import { buildItems, generateItems, type DatasetItem } from './dataset-items.js';
import {
  adminMetadataBody,
  adminMetadataHeaders,
  datasetKey,
  DTOOL_README_TEXT,
  DTOOLCORE_VERSION,
  FLOAT_KEYS,
  registrationKey,
  structureJson,
  type AdminMetadataRecord,
} from './dtool-layout.js';
import { pythonJson } from './python-json.js';

/** Where the `dtool` object carries admin metadata: body and user metadata (dtool's way), or one of them. */
export type AdminMetadataPlacement = 'both' | 'headers' | 'body';

/** Options of {@link buildDataset}; everything but `bucket` has a default. */
export interface BuildDatasetOptions {
  readonly bucket: string;
  /** Default: a random v4 UUID. */
  readonly uuid?: string;
  /** Default: `dataset-<first 8 characters of the uuid>`. */
  readonly name?: string;
  /** Key prefix, `""` (default) or e.g. `u/alice/`. */
  readonly prefix?: string;
  /** A number of generated tiny items, or the items themselves (default 1 generated item). */
  readonly items?: number | readonly DatasetItem[];
  /** README.yml text (default `---\ndescription: <name>\n`). */
  readonly readme?: string;
  readonly tags?: readonly string[];
  /** Annotation name → JSON value. */
  readonly annotations?: Readonly<Record<string, unknown>>;
  /** Default `both`, as dtool writes it. */
  readonly adminMetadataIn?: AdminMetadataPlacement;
  /** `false` stops before the manifest: a protodataset, as during an upload (default `true`). */
  readonly frozen?: boolean;
  /** POSIX seconds (default: now). */
  readonly createdAt?: number;
  /** POSIX seconds (default: `createdAt` + 1.5). */
  readonly frozenAt?: number;
  /** Default `testuser`. */
  readonly creatorUsername?: string;
}

/**
 * Builds every object of one dataset exactly as dtool-s3 lays it out, in the order `dtool
 * copy` writes them: registration key, structure.json, README.txt, `dtool` (protodataset),
 * data items, README.yml, tags, annotations, manifest.json, `dtool` (dataset).
 */
export function buildDataset(options: BuildDatasetOptions): BuiltDataset {
  const uuid = options.uuid ?? randomUUID();
  const prefix = options.prefix ?? '';
  const name = options.name ?? `dataset-${uuid.slice(0, 8)}`;
  const createdAt = options.createdAt ?? Date.now() / 1000;
  const frozenAt = options.frozenAt ?? createdAt + 1.5;
  const frozen = options.frozen ?? true;
  const where = { prefix, uuid };
  const items = typeof options.items === 'number' ? generateItems(options.items) : (options.items ?? generateItems(1));
  const built = buildItems(where, items, createdAt);
  const readme = options.readme ?? `---\ndescription: ${name}\n`;
  const tags = [...new Set(options.tags ?? [])];
  const annotationBodies = Object.entries(options.annotations ?? {}).map(([annotation, value]) => [annotation, pythonJson(value)] as const);

  const proto: AdminMetadataRecord = {
    uuid,
    dtoolcore_version: DTOOLCORE_VERSION,
    name,
    type: 'protodataset',
    creator_username: options.creatorUsername ?? 'testuser',
    created_at: createdAt,
  };
  const final: AdminMetadataRecord = frozen ? { ...proto, type: 'dataset', frozen_at: frozenAt } : proto;
  const manifest: Manifest = { dtoolcore_version: DTOOLCORE_VERSION, hash_function: 'md5sum_hexdigest', items: built.manifestItems };
  const adminObject = (admin: AdminMetadataRecord): DatasetObject =>
    dtoolObject(datasetKey(where, 'dtool'), admin, options.adminMetadataIn ?? 'both');

  const objects: DatasetObject[] = [
    { key: registrationKey(uuid), body: prefix },
    { key: datasetKey(where, 'structure.json'), body: structureJson(uuid) },
    { key: datasetKey(where, 'README.txt'), body: DTOOL_README_TEXT },
    adminObject(proto),
    ...built.objects,
    { key: datasetKey(where, 'README.yml'), body: readme },
    ...tags.map((tag) => ({ key: datasetKey(where, `tags/${tag}`), body: '' })),
    ...annotationBodies.map(([annotation, body]) => ({ key: datasetKey(where, `annotations/${annotation}.json`), body })),
    ...(frozen
      ? [{ key: datasetKey(where, 'manifest.json'), body: pythonJson(manifest, { sortKeys: true, floatKeys: FLOAT_KEYS }) }, adminObject(final)]
      : []),
  ];
  const adminMetadata = parseAdminMetadata(final);
  if (!adminMetadata.ok) throw new Error(`buildDataset: ${adminMetadata.reason}`);
  return {
    bucket: options.bucket,
    uuid,
    prefix,
    name,
    objects,
    content: {
      adminMetadata: adminMetadata.value,
      readme,
      manifest,
      tags: [...tags].sort(compareKeys),
      annotations: Object.fromEntries(annotationBodies.map(([annotation, body]) => [annotation, JSON.parse(body) as unknown])),
    },
  };
}

function dtoolObject(key: string, admin: AdminMetadataRecord, placement: AdminMetadataPlacement): DatasetObject {
  const body = placement === 'headers' ? '' : adminMetadataBody(admin);
  return placement === 'body' ? { key, body } : { key, body, metadata: adminMetadataHeaders(admin) };
}

import { parseLegacyReadme } from '../parsers/readme/parse-legacy-readme.js';
import { DEFAULT_STORAGE_LIMITS, type StorageLimits } from '../parsers/storage-limits.js';
import { tooLargeError, unreadableError } from './errors.js';
import type { DatasetContent } from './dataset-content.js';
import type { DatasetDocument, ReadmeLayout } from './dataset-document.js';
import { datasetUri } from './dataset-location.js';
import type { Parsed } from '../parsers/parsed.js';

/** Options of {@link buildDatasetDocument}. */
export interface BuildDocumentOptions {
  readonly baseUri: string;
  /** Defaults to `text`, the layout current dserver plugins read. */
  readonly readmeLayout?: ReadmeLayout;
  /** Bounds of the README parsed in the `parsed-yaml` layout (defaults: {@link DEFAULT_STORAGE_LIMITS}). */
  readonly limits?: Pick<StorageLimits, 'maxYamlBytes' | 'maxYamlDepth'>;
}

/**
 * Builds a dataset's index document: its admin metadata as it is, plus `uri`, `base_uri`,
 * `readme`, `manifest`, `annotations`, `tags`, `number_of_items` and `size_in_bytes`, with
 * `created_at` / `frozen_at` as dates (`created_at` falls back to `frozen_at` and vice versa).
 * A README past the YAML limits (`parsed-yaml` layout) throws `DtoolNotifyError`
 * (`too-large` or `unreadable`): a failure of the dataset's content.
 */
export function buildDatasetDocument(
  content: DatasetContent,
  options: BuildDocumentOptions,
): Parsed<DatasetDocument> {
  const admin = content.adminMetadata;
  if (admin.type !== 'dataset') return { ok: false, reason: 'the dataset is not frozen yet' };
  const createdAt = admin.created_at ?? admin.frozen_at;
  const frozenAt = admin.frozen_at ?? admin.created_at;
  if (createdAt === undefined || frozenAt === undefined) {
    return { ok: false, reason: 'admin metadata has neither created_at nor frozen_at' };
  }
  const items = Object.values(content.manifest.items);
  return {
    ok: true,
    value: {
      ...admin,
      type: 'dataset',
      created_at: dateFromPosixSeconds(createdAt),
      frozen_at: dateFromPosixSeconds(frozenAt),
      uri: datasetUri({ baseUri: options.baseUri, uuid: admin.uuid }),
      base_uri: options.baseUri,
      readme: options.readmeLayout === 'parsed-yaml' ? legacyReadme(content.readme, options.limits ?? DEFAULT_STORAGE_LIMITS) : content.readme,
      manifest: content.manifest,
      annotations: content.annotations,
      tags: [...content.tags].sort(),
      number_of_items: items.length,
      size_in_bytes: items.reduce((total, item) => total + item.size_in_bytes, 0),
    },
  };
}

function legacyReadme(readme: string, limits: Pick<StorageLimits, 'maxYamlBytes' | 'maxYamlDepth'>): unknown {
  const parsed = parseLegacyReadme(readme, limits);
  if (parsed.ok) return parsed.value;
  throw parsed.problem === 'size' ? tooLargeError(parsed.reason) : unreadableError(parsed.reason);
}

/**
 * POSIX seconds (possibly fractional) as a Date, as dserver stores them: Python's
 * `datetime.utcfromtimestamp` rounds to the microsecond, then BSON keeps whole
 * milliseconds (truncating), so 1645632787.618523 becomes …787.618, not …787.619.
 */
export function dateFromPosixSeconds(seconds: number): Date {
  const whole = Math.floor(seconds);
  const microseconds = Math.round((seconds - whole) * 1e6);
  return new Date(whole * 1000 + Math.floor(microseconds / 1000));
}

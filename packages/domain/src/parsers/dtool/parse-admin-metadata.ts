import * as v from 'valibot';
import type { AdminMetadata } from '../../model/dataset-content.js';
import { parseJsonText } from '../encoding/parse-json-text.js';
import { describeIssues, type Parsed } from '../parsed.js';
import { DEFAULT_STORAGE_LIMITS } from '../storage-limits.js';
import { keepEveryKey } from './keep-every-key.js';

const timestamp = v.union([
  v.pipe(v.number(), v.finite()),
  v.pipe(
    v.string(),
    v.trim(),
    v.regex(/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/, 'must be a number of seconds'),
    v.transform(Number),
  ),
]);

const adminMetadataSchema = v.looseObject({
  uuid: v.pipe(
    v.string(),
    v.regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'must be a UUID'),
  ),
  name: v.string(),
  type: v.picklist(['dataset', 'protodataset']),
  creator_username: v.exactOptional(v.string()),
  dtoolcore_version: v.exactOptional(v.string()),
  created_at: v.exactOptional(timestamp),
  frozen_at: v.exactOptional(timestamp),
});

/**
 * Validates dtool admin metadata from either source dtool-s3 writes: the JSON body of
 * `<uuid>/dtool` or its S3 user metadata (where every value is a string, so numeric
 * strings such as `"1645632787.071341"` become numbers).
 */
export function parseAdminMetadata(input: unknown): Parsed<AdminMetadata> {
  const result = v.safeParse(adminMetadataSchema, input);
  if (!result.success) return { ok: false, reason: `admin metadata ${describeIssues(result.issues)}` };
  const { created_at, frozen_at, ...rest } = result.output;
  const validated = {
    ...rest,
    ...(created_at === undefined ? {} : { created_at }),
    ...(frozen_at === undefined ? {} : { frozen_at }),
  };
  return { ok: true, value: keepEveryKey(input, validated) };
}

/** Parses the JSON body of `<uuid>/dtool`. */
export function parseAdminMetadataJson(text: string, maxDepth: number = DEFAULT_STORAGE_LIMITS.maxJsonDepth): Parsed<AdminMetadata> {
  const json = parseJson(text, maxDepth);
  return json.ok ? parseAdminMetadata(json.value) : { ok: false, reason: `admin metadata ${json.reason}` };
}

/**
 * JSON read from storage as a result value, refused past `maxDepth` levels of nesting: a
 * deeper value would overflow the stack of whatever walks it later (the document's
 * serialisation, MongoDB's 100-level limit).
 */
export function parseJson(text: string, maxDepth: number = DEFAULT_STORAGE_LIMITS.maxJsonDepth): Parsed<unknown> {
  const json = parseJsonText(text, maxDepth);
  return json.ok ? json : { ok: false, reason: json.reason };
}

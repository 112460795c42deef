import * as v from 'valibot';
import type { AdminMetadata } from '../../model/dataset-content.js';
import { describeIssues, type Parsed } from '../parsed.js';

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
  return {
    ok: true,
    value: {
      ...rest,
      ...(created_at === undefined ? {} : { created_at }),
      ...(frozen_at === undefined ? {} : { frozen_at }),
    },
  };
}

/** Parses the JSON body of `<uuid>/dtool`. */
export function parseAdminMetadataJson(text: string): Parsed<AdminMetadata> {
  const json = parseJson(text);
  return json.ok ? parseAdminMetadata(json.value) : { ok: false, reason: `admin metadata ${json.reason}` };
}

/** `JSON.parse` as a result value. */
export function parseJson(text: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, reason: `is not valid JSON (${(error as Error).message})` };
  }
}

import * as v from 'valibot';
import type { Manifest } from '../../model/dataset-content.js';
import { describeIssues, type Parsed } from '../parsed.js';
import { parseJson } from './parse-admin-metadata.js';

const manifestItemSchema = v.looseObject({
  relpath: v.string(),
  size_in_bytes: v.pipe(v.number(), v.finite(), v.minValue(0)),
  hash: v.string(),
  utc_timestamp: v.pipe(v.number(), v.finite()),
});

const manifestSchema = v.looseObject({
  dtoolcore_version: v.exactOptional(v.string()),
  hash_function: v.exactOptional(v.string()),
  items: v.record(v.string(), manifestItemSchema),
});

/** Parses and validates `<uuid>/manifest.json`. */
export function parseManifestJson(text: string): Parsed<Manifest> {
  const json = parseJson(text);
  if (!json.ok) return { ok: false, reason: `manifest ${json.reason}` };
  const result = v.safeParse(manifestSchema, json.value);
  return result.success
    ? { ok: true, value: result.output }
    : { ok: false, reason: `manifest ${describeIssues(result.issues)}` };
}

import * as v from 'valibot';
import type { Manifest, ManifestItem } from '../../model/dataset-content.js';
import { describeIssues, type Parsed } from '../parsed.js';
import { DEFAULT_STORAGE_LIMITS } from '../storage-limits.js';
import { keepEveryKey } from './keep-every-key.js';
import { parseJson } from './parse-admin-metadata.js';

const manifestItemSchema = v.looseObject({
  relpath: v.string(),
  size_in_bytes: v.pipe(v.number(), v.finite(), v.minValue(0)),
  hash: v.string(),
  utc_timestamp: v.pipe(v.number(), v.finite()),
});

// `items` is checked to be an object here and item by item below: valibot's record would
// leave out items named `__proto__` or `constructor`.
const manifestSchema = v.looseObject({
  dtoolcore_version: v.exactOptional(v.string()),
  hash_function: v.exactOptional(v.string()),
  items: v.looseObject({}),
});

/** Parses and validates `<uuid>/manifest.json`, keeping every item whatever its identifier. */
export function parseManifestJson(text: string, maxDepth: number = DEFAULT_STORAGE_LIMITS.maxJsonDepth): Parsed<Manifest> {
  const json = parseJson(text, maxDepth);
  if (!json.ok) return { ok: false, reason: `manifest ${json.reason}` };
  const result = v.safeParse(manifestSchema, json.value);
  if (!result.success) return { ok: false, reason: `manifest ${describeIssues(result.issues)}` };
  const rawItems = (json.value as { items: object }).items;
  const entries = Object.entries(rawItems);
  for (const [identifier, rawItem] of entries) {
    const item = v.safeParse(manifestItemSchema, rawItem);
    if (!item.success) return { ok: false, reason: `manifest ${describeIssues(item.issues, ['items', identifier])}` };
  }
  // The items as JSON.parse made them (every key an own property; the schema transforms
  // nothing): a copy of each of a large manifest's items would double the memory it takes.
  const items = Object.fromEntries(entries) as Record<string, ManifestItem>;
  return { ok: true, value: keepEveryKey(json.value, { ...result.output, items }) };
}

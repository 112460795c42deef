import type { Parsed } from '../parsed.js';
import { DEFAULT_STORAGE_LIMITS } from '../storage-limits.js';
import { parseJson } from './parse-admin-metadata.js';

/** Parses one `annotations/<name>.json` object: any JSON value up to `maxDepth` levels deep. */
export function parseAnnotationJson(name: string, text: string, maxDepth: number = DEFAULT_STORAGE_LIMITS.maxJsonDepth): Parsed<unknown> {
  const json = parseJson(text, maxDepth);
  return json.ok ? json : { ok: false, reason: `annotation "${name}" ${json.reason}` };
}

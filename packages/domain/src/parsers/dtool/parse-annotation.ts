import type { Parsed } from '../parsed.js';
import { parseJson } from './parse-admin-metadata.js';

/** Parses one `annotations/<name>.json` object: any JSON value. */
export function parseAnnotationJson(name: string, text: string): Parsed<unknown> {
  const json = parseJson(text);
  return json.ok ? json : { ok: false, reason: `annotation "${name}" ${json.reason}` };
}

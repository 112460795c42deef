import { parse as parseYaml, type ScalarTag, type Tags } from 'yaml';
import { DEFAULT_STORAGE_LIMITS, type StorageLimits } from '../storage-limits.js';
import { pyyamlScalarTags } from './pyyaml-scalars.js';
import { valueNestingExceeds, yamlNestingExceeds } from './yaml-nesting.js';

// PyYAML's implicit timestamp: a date, or a date and time with optional fraction and zone.
const TIMESTAMP =
  /^(?:(\d{4})-(\d{2})-(\d{2})|(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt]|[ \t]+)(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d*))?(?:[ \t]*(Z|([-+])(\d{1,2})(?::(\d{2}))?))?)$/;

const pad = (value: string | number, width = 2): string => String(value).padStart(width, '0');

/**
 * YAML 1.1 timestamps as dtool-lookup-server stored them: PyYAML makes `date` and
 * `datetime` objects, which reach the index as their Python `isoformat()` strings
 * (`2020-11-08`, `2021-03-04T05:06:07`, `2001-12-14T21:59:43.100000-05:00`).
 */
const pythonTimestamp: ScalarTag = {
  tag: 'tag:yaml.org,2002:timestamp',
  default: true,
  test: TIMESTAMP,
  resolve(text) {
    const match = TIMESTAMP.exec(text);
    if (match === null) return text;
    const [, year, month, day, fullYear, fullMonth, fullDay, hour, minute, second, fraction, zone, sign, zoneHour, zoneMinute] = match;
    if (year !== undefined) return `${year}-${month}-${day}`;
    const date = `${fullYear}-${pad(fullMonth ?? '')}-${pad(fullDay ?? '')}T${pad(hour ?? '')}:${minute}:${second}`;
    const microseconds = (fraction ?? '').slice(0, 6).padEnd(6, '0');
    const withFraction = Number(microseconds) === 0 ? date : `${date}.${microseconds}`;
    if (zone === undefined) return withFraction;
    if (zone === 'Z') return `${withFraction}+00:00`;
    return `${withFraction}${sign}${pad(zoneHour ?? '')}:${pad(zoneMinute ?? '0')}`;
  },
};

const REPLACED_TAGS = new Set([pythonTimestamp.tag, ...pyyamlScalarTags.map((tag) => tag.tag)]);

/** The YAML 1.1 schema with PyYAML's scalar rules in place of the `yaml` library's. */
function pyyamlTags(tags: Tags): Tags {
  const kept = tags.filter((tag) => (typeof tag === 'string' ? !['bool', 'int', 'float', 'timestamp'].includes(tag) : !REPLACED_TAGS.has(tag.tag)));
  return [...kept, ...pyyamlScalarTags, pythonTimestamp];
}

/** The README parsed, or why it is not parsed: past the size or the nesting limit. */
export type LegacyReadme =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: 'size' | 'depth'; readonly reason: string };

/**
 * The README as dtool-lookup-server ≤ 0.17 stored it: parsed as YAML 1.1 the way PyYAML
 * reads it (`yes` is true but `y` a string, timestamps become ISO strings, a repeated key
 * keeps its last value), `null` when empty. Invalid YAML is kept as the text rather than
 * failing the sync (the Python server refused to register such a dataset at all). Text past
 * the size or nesting limits never reaches the parser (see yaml-nesting.ts).
 */
export function parseLegacyReadme(
  readme: string,
  limits: Pick<StorageLimits, 'maxYamlBytes' | 'maxYamlDepth'> = DEFAULT_STORAGE_LIMITS,
): LegacyReadme {
  if (utf8Length(readme, limits.maxYamlBytes) > limits.maxYamlBytes) {
    return { ok: false, problem: 'size', reason: `README.yml is larger than ${limits.maxYamlBytes} bytes, the most parsed as YAML` };
  }
  const tooDeep = { ok: false, problem: 'depth', reason: `README.yml is nested deeper than ${limits.maxYamlDepth} levels` } as const;
  if (yamlNestingExceeds(readme, limits.maxYamlDepth)) return tooDeep;
  let parsed: unknown;
  try {
    // logLevel error: the parser's warnings would put text from storage on the service's stderr.
    parsed = parseYaml(readme, { version: '1.1', uniqueKeys: false, customTags: pyyamlTags, logLevel: 'error' });
  } catch {
    return { ok: true, value: readme };
  }
  if (valueNestingExceeds(parsed, limits.maxYamlDepth)) return tooDeep;
  return { ok: true, value: parsed === undefined ? null : parsed };
}

/** The UTF-8 length of `text`, counted until it passes `stopAfter` (the domain has no TextEncoder). */
function utf8Length(text: string, stopAfter: number): number {
  let bytes = 0;
  for (let index = 0; index < text.length && bytes <= stopAfter; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && index + 1 < text.length) {
      // A surrogate pair: one code point of four bytes.
      bytes += 4;
      index += 1;
    } else bytes += 3;
  }
  return bytes;
}

import { parse as parseYaml, type ScalarTag } from 'yaml';

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

/**
 * The README as dtool-lookup-server ≤ 0.17 stored it: parsed as YAML 1.1 the way PyYAML
 * reads it (`yes` is true, timestamps become ISO strings), `{}` when empty. Invalid YAML
 * is kept as the text rather than failing the sync (the Python server refused to register
 * such a dataset at all).
 */
export function parseLegacyReadme(readme: string): unknown {
  try {
    const parsed: unknown = parseYaml(readme, {
      version: '1.1',
      customTags: (tags) => [
        ...tags.filter((tag) => (typeof tag === 'string' ? tag !== 'timestamp' : tag.tag !== pythonTimestamp.tag)),
        pythonTimestamp,
      ],
    });
    return parsed === null || parsed === undefined ? {} : parsed;
  } catch {
    return readme;
  }
}

import { describe, expect, test } from 'vitest';
import { parseLegacyReadme } from './parse-legacy-readme.js';

/** The parsed value of a README within the limits. */
function readmeValue(readme: string): unknown {
  const parsed = parseLegacyReadme(readme);
  if (!parsed.ok) throw new Error(`expected the README to be parsed: ${parsed.reason}`);
  return parsed.value;
}

describe('parseLegacyReadme', () => {
  test('reads YAML 1.1 as PyYAML does: yes/no are booleans, timestamps become Python ISO strings', () => {
    const readme = [
      'project: interop — Überprüfung',
      'creation_date: 2020-11-08',
      'measured_at: 2021-03-04 05:06:07',
      'precise: 2001-12-14t21:59:43.10-05:00',
      'utc: 2001-12-15T02:59:43.1Z',
      'loose: 2001-1-5 1:02:03',
      'flag: yes',
      'off_switch: off',
      'count: 3',
      'ratio: 0.5',
      'octal: 010',
      'not_a_date: 2020-1-8',
    ].join('\n');
    expect(readmeValue(readme)).toEqual({
      project: 'interop — Überprüfung',
      creation_date: '2020-11-08',
      measured_at: '2021-03-04T05:06:07',
      precise: '2001-12-14T21:59:43.100000-05:00',
      utc: '2001-12-15T02:59:43.100000+00:00',
      loose: '2001-01-05T01:02:03',
      flag: true,
      off_switch: false,
      count: 3,
      ratio: 0.5,
      octal: 8,
      not_a_date: '2020-1-8',
    });
  });

  test('keeps invalid YAML as its text instead of failing', () => {
    expect(readmeValue('key: [unclosed')).toBe('key: [unclosed');
  });

  test('turns an empty README into null, as PyYAML reads an empty document', () => {
    expect(readmeValue('')).toBeNull();
    expect(readmeValue('---\n')).toBeNull();
    expect(readmeValue('# only a comment\n')).toBeNull();
  });

  test('resolves scalars by PyYAML’s rules, not the YAML 1.1 drafts: y/n are strings, 08 and 1e3 too', () => {
    const readme = ['x: 1', 'y: 2', 'n: N', 'zip: 08540', 'agent: 007', 'exp: 1e3', 'signed: 1.5e+3', 'half: .5'].join('\n');
    expect(readmeValue(readme)).toEqual({ x: 1, y: 2, n: 'N', zip: '08540', agent: 7, exp: '1e3', signed: 1500, half: 0.5 });
    expect(readmeValue('a: 0b101\nb: 0x1F\nc: 1_000\nd: 190:20:30\ne: 20:30.15\nf: -.inf\ng: +12')).toEqual({
      a: 5,
      b: 31,
      c: 1000,
      d: 685230,
      e: 1230.15,
      f: Number.NEGATIVE_INFINITY,
      g: 12,
    });
  });

  test('keeps the last value of a repeated key, as PyYAML does', () => {
    expect(readmeValue('owner: alice\nowner: bob\n')).toEqual({ owner: 'bob' });
  });

  test('refuses flow collections nested past the limit before the YAML parser sees them', () => {
    // 1,000 levels abort Node inside V8's RegExp engine; 200 parse, so the refusal is the guard's.
    expect(parseLegacyReadme(`${'['.repeat(200)}${']'.repeat(200)}`)).toEqual({
      ok: false,
      problem: 'depth',
      reason: 'README.yml is nested deeper than 64 levels',
    });
  });

  test('refuses block sequences nested past the limit on one line (- - - …)', () => {
    expect(parseLegacyReadme(`${'- '.repeat(200)}x\n`)).toMatchObject({ ok: false, problem: 'depth' });
  });

  test('refuses block mappings indented past the limit', () => {
    const readme = Array.from({ length: 100 }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n');
    expect(parseLegacyReadme(`${readme} leaf\n`)).toMatchObject({ ok: false, problem: 'depth' });
  });

  test('refuses a README that contains itself through an alias', () => {
    expect(parseLegacyReadme('loop: &a [*a]\n')).toMatchObject({ ok: false, problem: 'depth' });
  });

  test('refuses a README larger than the size limit, counted in bytes of UTF-8', () => {
    expect(parseLegacyReadme('ü'.repeat(600), { maxYamlBytes: 1000, maxYamlDepth: 64 })).toMatchObject({ ok: false, problem: 'size' });
    expect(parseLegacyReadme('ü'.repeat(400), { maxYamlBytes: 1000, maxYamlDepth: 64 })).toEqual({ ok: true, value: 'ü'.repeat(400) });
  });

  test('parses nesting up to the limit', () => {
    const nested = `${'['.repeat(64)}${']'.repeat(64)}`;
    expect(parseLegacyReadme(nested).ok).toBe(true);
    expect(parseLegacyReadme(`${'['.repeat(65)}${']'.repeat(65)}`).ok).toBe(false);
  });
});

import { describe, expect, test } from 'vitest';
import { parseLegacyReadme } from './parse-legacy-readme.js';

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
    expect(parseLegacyReadme(readme)).toEqual({
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
    expect(parseLegacyReadme('key: [unclosed')).toBe('key: [unclosed');
  });

  test('turns an empty README into null, as PyYAML reads an empty document', () => {
    expect(parseLegacyReadme('')).toBeNull();
    expect(parseLegacyReadme('---\n')).toBeNull();
    expect(parseLegacyReadme('# only a comment\n')).toBeNull();
  });

  test('resolves scalars by PyYAML’s rules, not the YAML 1.1 drafts: y/n are strings, 08 and 1e3 too', () => {
    const readme = ['x: 1', 'y: 2', 'n: N', 'zip: 08540', 'agent: 007', 'exp: 1e3', 'signed: 1.5e+3', 'half: .5'].join('\n');
    expect(parseLegacyReadme(readme)).toEqual({ x: 1, y: 2, n: 'N', zip: '08540', agent: 7, exp: '1e3', signed: 1500, half: 0.5 });
    expect(parseLegacyReadme('a: 0b101\nb: 0x1F\nc: 1_000\nd: 190:20:30\ne: 20:30.15\nf: -.inf\ng: +12')).toEqual({
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
    expect(parseLegacyReadme('owner: alice\nowner: bob\n')).toEqual({ owner: 'bob' });
  });
});

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

  test('turns an empty README into an empty object', () => {
    expect(parseLegacyReadme('')).toEqual({});
    expect(parseLegacyReadme('---\n')).toEqual({});
  });
});

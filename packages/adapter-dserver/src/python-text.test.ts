import { describe, expect, test } from 'vitest';
import { pythonText } from './python-text.js';

describe('pythonText', () => {
  test('prints values as Python str() does, as dserver answers annotations', () => {
    expect(pythonText('alpha')).toBe('alpha');
    expect(pythonText(3)).toBe('3');
    expect(pythonText(2.5)).toBe('2.5');
    expect(pythonText(1e-7)).toBe('1e-07');
    expect(pythonText(1e21)).toBe('1e+21');
    expect(pythonText(true)).toBe('True');
    expect(pythonText(null)).toBe('None');
    expect(pythonText({ depth: { list: [1, 2.5, 'x', null, true] } })).toBe("{'depth': {'list': [1, 2.5, 'x', None, True]}}");
  });

  test('quotes strings inside containers as repr() does', () => {
    expect(pythonText(["it's", 'say "hi"', "both ' \"", 'tab\there\\', 'ünï ✓'])).toBe(
      `["it's", 'say "hi"', 'both \\' "', 'tab\\there\\\\', 'ünï ✓']`,
    );
  });
});

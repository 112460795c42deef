import { describe, expect, test } from 'vitest';
import { pythonFloat, pythonJson } from './python-json.js';

describe('pythonJson', () => {
  test('separates like json.dumps: ", " between items and ": " after keys', () => {
    expect(pythonJson({ a: [1, 'b', null, true], c: {} })).toBe('{"a": [1, "b", null, true], "c": {}}');
  });

  test('escapes everything outside printable ASCII, astral characters as surrogate pairs', () => {
    expect(pythonJson('é "q" \\ \n\t\u0001\u007f🚀')).toBe('"\\u00e9 \\"q\\" \\\\ \\n\\t\\u0001\\u007f\\ud83d\\ude80"');
  });

  test('writes integral numbers of float keys with .0 and sorts keys when asked', () => {
    expect(pythonJson({ b: 2, a: 1645632787 }, { sortKeys: true, floatKeys: new Set(['a']) })).toBe('{"a": 1645632787.0, "b": 2}');
  });

  test('leaves out undefined properties', () => {
    expect(pythonJson({ a: undefined, b: 1 })).toBe('{"b": 1}');
  });

  test('prints floats as Python repr does for timestamps', () => {
    expect([pythonFloat(1645632787.071341), pythonFloat(3), pythonFloat(0.5)]).toEqual(['1645632787.071341', '3.0', '0.5']);
  });
});

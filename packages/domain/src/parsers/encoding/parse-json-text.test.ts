import { describe, expect, test } from 'vitest';
import { parseJsonText } from './parse-json-text.js';

describe('parseJsonText', () => {
  test('parses JSON within the depth bound', () => {
    expect(parseJsonText('{"a": [1, {"b": "[[["}]}', 3)).toEqual({ ok: true, value: { a: [1, { b: '[[[' }] } });
  });

  test('rejects JSON one level past the bound before parsing it', () => {
    expect(parseJsonText('[[[[]]]]', 3)).toEqual({ ok: false, problem: 'depth', reason: 'is nested deeper than 3 levels' });
  });

  test('does not count escaped quotes as the end of a string', () => {
    expect(parseJsonText('["\\"[[[[", []]', 2)).toEqual({ ok: true, value: ['"[[[[', []] });
  });

  test('reports a syntax error with the parser message', () => {
    expect(parseJsonText('{"a":')).toEqual({ ok: false, problem: 'syntax', reason: expect.stringMatching(/^is not valid JSON \(.+\)$/) });
  });

  test('drops a leading byte-order mark', () => {
    expect(parseJsonText('\uFEFF[1]')).toEqual({ ok: true, value: [1] });
  });
});

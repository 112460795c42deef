import fc from 'fast-check';
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

  test('ends a string at a quote after an even run of backslashes, not after an odd one', () => {
    expect(parseJsonText('["a\\\\", [[[1]]]]', 3)).toEqual({ ok: false, problem: 'depth', reason: 'is nested deeper than 3 levels' });
    expect(parseJsonText('["a\\\\\\"[[[", 1]', 1)).toEqual({ ok: true, value: ['a\\"[[[', 1] });
  });

  test('leaves an unterminated string to the parser', () => {
    expect(parseJsonText('["[[[[', 2)).toEqual({ ok: false, problem: 'syntax', reason: expect.stringMatching(/^is not valid JSON/) });
  });

  test('reports a syntax error with the parser message', () => {
    expect(parseJsonText('{"a":')).toEqual({ ok: false, problem: 'syntax', reason: expect.stringMatching(/^is not valid JSON \(.+\)$/) });
  });

  test('drops a leading byte-order mark', () => {
    expect(parseJsonText('\uFEFF[1]')).toEqual({ ok: true, value: [1] });
  });
});

describe('parseJsonText depth bound', () => {
  const depthOf = (value: unknown): number =>
    typeof value === 'object' && value !== null ? 1 + Math.max(0, ...Object.values(value).map(depthOf)) : 0;

  test('rejects exactly the values nested deeper than the bound, whatever their strings hold', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 6 }), (value, bound) => {
        const result = parseJsonText(JSON.stringify(value), bound);
        expect(result.ok).toBe(depthOf(value) <= bound);
      }),
      { numRuns: 2000 },
    );
  });
});

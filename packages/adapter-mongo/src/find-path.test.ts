import { describe, expect, test } from 'vitest';
import { findPath, formatPath } from './find-path.js';

describe('findPath', () => {
  test('finds the first matching key depth-first, through arrays', () => {
    const document = { a: { b: [1, { 'c.d': 2 }] }, 'e.f': 3 };
    expect(findPath(document, (key) => key.includes('.'))).toEqual(['a', 'b', 1, 'c.d']);
  });

  test('treats dates and binary data as leaves', () => {
    const document = { when: new Date(0), bytes: new Uint8Array([1]) };
    expect(findPath(document, (key) => key === '0' || key === 'getTime')).toBeUndefined();
  });

  test('finds values too', () => {
    expect(findPath({ readme: { ratio: Number.NaN } }, (_key, value) => Number.isNaN(value))).toEqual(['readme', 'ratio']);
  });
});

describe('formatPath', () => {
  test('writes identifiers with dots, other names quoted and indexes in brackets', () => {
    expect(formatPath(['annotations', 'a.b', 0, 'ok_1', ''])).toBe('annotations["a.b"][0].ok_1[""]');
    expect(formatPath(['$weird'])).toBe('["$weird"]');
  });
});

import { describe, expect, test } from 'vitest';
import { decodeFormComponent, decodePathComponent } from './decode-component.js';

describe('decodeFormComponent', () => {
  test.each([
    ['alpha+beta', 'alpha beta'],
    ['a%2Bb', 'a+b'],
    ['u%2Ftestuser', 'u/testuser'],
    ['%E6%97%A5%F0%9F%98%80', '日😀'],
    ['%00', '\u0000'],
    ['plain', 'plain'],
  ])('decodes %j to %j', (encoded, decoded) => {
    expect(decodeFormComponent(encoded)).toBe(decoded);
  });

  test.each(['%E0%A4%A', '%', '%G0', '%C3', '%ED%A0%80'])('returns undefined for the malformed %j', (encoded) => {
    expect(decodeFormComponent(encoded)).toBeUndefined();
  });
});

describe('decodePathComponent', () => {
  test('keeps "+" as it is and decodes percent-escapes', () => {
    expect(decodePathComponent('a+b%20c%2Fd')).toBe('a+b c/d');
    expect(decodePathComponent('%E0%A4%A')).toBeUndefined();
  });
});

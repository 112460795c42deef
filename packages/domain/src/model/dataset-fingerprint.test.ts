import { describe, expect, test } from 'vitest';
import { compareSequencers } from './dataset-fingerprint.js';

describe('compareSequencers', () => {
  test('orders hexadecimal sequencers of different lengths as AWS says: pad, then compare', () => {
    expect(compareSequencers('0065E2F1A3C7D8E9F0', '65E2F1A3C7D8E9F1')).toBeLessThan(0);
    expect(compareSequencers('16D679BCDB490BB1', '16d679bcdb490bb1')).toBe(0);
    expect(compareSequencers('16D679BCDB490BB1', '16D679BCD6F68CC9')).toBeGreaterThan(0);
  });
});

import { Double, Int32, Long } from 'mongodb';
import { buildDataset, expectedDocument } from '@dtool-notify/testkit';
import { describe, expect, test } from 'vitest';
import { toStoredDocument } from './stored-document.js';

const sample = () => expectedDocument(buildDataset({ bucket: 'types', items: 1 }), 's3://types');

describe('toStoredDocument', () => {
  test('writes integers past 32 bits in annotations and a parsed README as 64-bit integers, as Python does', () => {
    const stored = toStoredDocument({
      ...sample(),
      readme: { runs: [2 ** 40, 7], nested: { low: -(2 ** 31) - 1, edge: -(2 ** 31) } },
      annotations: { total_bytes: 2 ** 40, ratio: 0.5, small: 3, label: 'x', flags: [true, null] },
    });
    expect(stored.annotations).toEqual({ total_bytes: Long.fromNumber(2 ** 40), ratio: 0.5, small: 3, label: 'x', flags: [true, null] });
    expect(stored.readme).toEqual({ runs: [Long.fromNumber(2 ** 40), 7], nested: { low: Long.fromNumber(-(2 ** 31) - 1), edge: -(2 ** 31) } });
  });

  test('keeps a README text and integers past 2^63 (which Python cannot encode) as they are', () => {
    const stored = toStoredDocument({ ...sample(), readme: 'count: 5\n', annotations: { huge: 2 ** 64 } });
    expect(stored.readme).toBe('count: 5\n');
    expect(stored.annotations).toEqual({ huge: 2 ** 64 });
  });

  test('keeps the manifest typing: utc_timestamp a double, small sizes plain numbers', () => {
    const stored = toStoredDocument(sample());
    const [item] = Object.values((stored.manifest as { items: Record<string, Record<string, unknown>> }).items);
    expect(item?.utc_timestamp).toBeInstanceOf(Double);
    expect(item?.size_in_bytes).not.toBeInstanceOf(Int32);
    expect(typeof item?.size_in_bytes).toBe('number');
  });
});

import { expect } from 'vitest';
import { finalDtool, keyOf, type HostileDatasetCase } from '../hostile-dataset-case.js';

const item = (relpath: string) => ({ relpath, size_in_bytes: 10, hash: '0'.repeat(32), utc_timestamp: 1_700_000_000.5 });

export const hostileCase: HostileDatasetCase = {
  issueItem: 10,
  description: 'manifest items and annotations named __proto__ and constructor (were dropped: 3 items, number_of_items 1)',
  poison: (dataset) => [
    {
      key: keyOf(dataset, 'manifest.json'),
      body: `{"dtoolcore_version": "3.17.0", "hash_function": "md5sum_hexdigest", "items": {"__proto__": ${JSON.stringify(item('a'))}, "constructor": ${JSON.stringify(item('b'))}, "plain": ${JSON.stringify(item('c'))}}}`,
    },
    { key: keyOf(dataset, 'annotations/__proto__.json'), body: '{"polluted": true}' },
    { key: keyOf(dataset, 'annotations/constructor.json'), body: '"not a function"' },
    finalDtool(dataset),
  ],
  expected: {
    outcome: 'indexed',
    check: (document) => {
      expect(document.number_of_items).toBe(3);
      expect(document.size_in_bytes).toBe(30);
      expect(Object.keys(document.manifest.items).sort()).toEqual(['__proto__', 'constructor', 'plain']);
      expect(Object.entries(document.annotations).filter(([name]) => name !== 'project')).toEqual(
        expect.arrayContaining([
          ['__proto__', { polluted: true }],
          ['constructor', 'not a function'],
        ]),
      );
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    },
  },
};

import { finalDtool, keyOf, nestedArrays, type HostileDatasetCase } from '../hostile-dataset-case.js';

export const hostileCase: HostileDatasetCase = {
  issueItem: 1,
  description: 'an annotation nested 100,000 levels deep (200 kB of valid JSON)',
  poison: (dataset) => [{ key: keyOf(dataset, 'annotations/deep.json'), body: nestedArrays(100_000) }, finalDtool(dataset)],
  expected: { outcome: 'failed', code: 'unreadable', reason: /^annotation "deep" is nested deeper than 64 levels$/ },
};

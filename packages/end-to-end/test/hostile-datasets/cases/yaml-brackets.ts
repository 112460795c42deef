import { readmeObject } from '@dtool-notify/testkit';
import { finalDtool, type HostileDatasetCase } from '../hostile-dataset-case.js';

export const hostileCase: HostileDatasetCase = {
  issueItem: 2,
  description: 'a 2 kB README.yml of "[" × 1000 + "]" × 1000 (aborted Node inside V8\'s RegExp engine in the parsed-yaml layout)',
  poison: (dataset) => [readmeObject(dataset, `${'['.repeat(1000)}${']'.repeat(1000)}`), finalDtool(dataset)],
  expected: { outcome: 'failed', code: 'unreadable', reason: /^README\.yml is nested deeper than 64 levels$/ },
};

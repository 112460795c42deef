import { readmeObject } from '@dtool-notify/testkit';
import { finalDtool, type HostileDatasetCase } from '../hostile-dataset-case.js';

export const hostileCase: HostileDatasetCase = {
  issueItem: 5,
  description: 'a README.yml far past the bytes read per dataset (60 MiB raised RSS by 171 MB when read whole)',
  poison: (dataset, sizes) => [readmeObject(dataset, `description: ${'y'.repeat(sizes.bigReadmeBytes)}\n`), finalDtool(dataset)],
  expected: { outcome: 'failed', code: 'too-large', reason: /README\.yml" went past \d+ bytes, the most read per dataset$/ },
};

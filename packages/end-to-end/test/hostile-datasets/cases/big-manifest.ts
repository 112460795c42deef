import { finalDtool, keyOf, type HostileDatasetCase } from '../hostile-dataset-case.js';

export const hostileCase: HostileDatasetCase = {
  issueItem: 5,
  description: 'a manifest.json far past the bytes read per dataset (139 MiB raised RSS by 910 MB when read whole)',
  poison: (dataset, sizes) => [
    { key: keyOf(dataset, 'manifest.json'), body: `{"items": {}, "padding": "${'x'.repeat(sizes.bigManifestBytes)}"}` },
    finalDtool(dataset),
  ],
  expected: { outcome: 'failed', code: 'too-large', reason: /manifest\.json" went past \d+ bytes, the most read per dataset$/ },
};

import { buildDataset } from '@dtool-notify/testkit';
import type { HostileDatasetCase } from '../hostile-dataset-case.js';

export const hostileCase: HostileDatasetCase = {
  issueItem: 3,
  description: 'a complete dataset with the same uuid under another prefix (it replaced the registered entry with its name and README)',
  poison: (dataset) => {
    const copy = buildDataset({ bucket: dataset.bucket, uuid: dataset.uuid, prefix: 'u/mallory/', items: 1, name: 'taken-over', readme: 'owner: mallory\n' });
    // Everything but the registration key, which still names the original's prefix.
    return copy.objects.filter((object) => object.key !== `dtool-${dataset.uuid}`);
  },
  expected: { outcome: 'unchanged', reason: /^a copy: .* places dataset [0-9a-f-]+ under "u\/hostile\/", not "u\/mallory\/"/ },
};

import { withUpperCaseAdminUuid } from '@dtool-notify/testkit';
import { finalDtool, type HostileDatasetCase } from '../hostile-dataset-case.js';

export const hostileCase: HostileDatasetCase = {
  issueItem: 6,
  description: 'admin metadata naming the uuid in upper case under a lower-case key (was indexed under a URI no removal reaches)',
  poison: (dataset) => [finalDtool(withUpperCaseAdminUuid(dataset))],
  expected: { outcome: 'not-a-dataset', reason: /admin metadata names uuid [0-9A-F-]+, the key says [0-9a-f-]+: they must be equal/ },
};

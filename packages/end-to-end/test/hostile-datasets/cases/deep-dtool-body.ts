import { finalDtool, nestedArrays, type HostileDatasetCase } from '../hostile-dataset-case.js';

export const hostileCase: HostileDatasetCase = {
  issueItem: 1,
  description: 'a dtool body with an extra field nested 100,000 levels deep, and no S3 user metadata (so the body is read)',
  poison: (dataset) => {
    const dtool = finalDtool(dataset);
    const body = String(dtool.body).replace(/}\s*$/, `, "extra": ${nestedArrays(100_000)}}`);
    return [{ key: dtool.key, body }];
  },
  expected: { outcome: 'failed', code: 'unreadable', reason: /admin metadata is nested deeper than 64 levels/ },
};

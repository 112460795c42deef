import { finalDtool, type HostileDatasetCase } from '../hostile-dataset-case.js';

export const hostileCase: HostileDatasetCase = {
  issueItem: 6,
  description: 'admin metadata naming the uuid in upper case under a lower-case key (was indexed under a URI no removal reaches)',
  poison: (dataset) => {
    const dtool = finalDtool(dataset);
    const upper = dataset.uuid.toUpperCase();
    const body = typeof dtool.body === 'string' ? dtool.body : new TextDecoder().decode(dtool.body);
    return [
      {
        ...dtool,
        body: body.replaceAll(dataset.uuid, upper),
        metadata: Object.fromEntries(Object.entries(dtool.metadata ?? {}).map(([key, value]) => [key, value.replaceAll(dataset.uuid, upper)])),
      },
    ];
  },
  expected: { outcome: 'not-a-dataset', reason: /admin metadata names uuid [0-9A-F-]+, the key says [0-9a-f-]+: they must be equal/ },
};

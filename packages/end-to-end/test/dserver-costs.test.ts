import { afterAll, describe, expect, test } from 'vitest';
import type { RequestStats } from '@dtool-notify/adapter-s3';
import { buildDataset, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { STACK_DSERVER_USERS } from '@dtool-notify/dev-stack';
import { startLocalStack, type LocalStack } from './product-stack.js';
import { dserverApi, routeSuffix } from './dserver-api.js';
import { reportFigures } from './reliability/figures.js';
import { waitFor } from './wait-for.js';

const ANNOTATIONS = { project: 'costs', size: 3 };
const ANNOTATION_COUNT = Object.keys(ANNOTATIONS).length;

/** What one upload cost and how soon dserver showed it. */
interface Measured {
  readonly stats: RequestStats;
  /** From the start of the final `dtool` write until dserver's search (`POST /uris`) lists the dataset. */
  readonly visibleInSearchMs: number;
  /** `GET /uris/<uri>` (dserver's own registry) once the dataset is searchable. */
  readonly registryStatus: number;
  readonly indexRequests: { readonly writes: number; readonly reads: number };
}

/**
 * The same uploads in both index modes, with dserver 0.22 running either way: S3 requests
 * per dataset (the mode changes nothing there) and time until dserver shows the dataset. In
 * `mongo` mode the search plugin sees the document but dserver's registry never does.
 */
describe('S3 requests and time to visible in dserver, DSERVER_NOTIFY_INDEX=mongo and =dserver', () => {
  const stacks: LocalStack[] = [];
  afterAll(async () => {
    await Promise.all(stacks.map((stack) => stack.stop()));
  });

  async function measure(stack: LocalStack, items: number): Promise<Measured> {
    const api = dserverApi(stack.dserver?.url ?? '', stack.dserver?.tokens[STACK_DSERVER_USERS.reader] ?? '');
    const dataset = buildDataset({ bucket: stack.bucket, prefix: 'u/costs/', items, tags: ['raw'], annotations: ANNOTATIONS });
    const uri = `${stack.baseUri}/${dataset.uuid}`;
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    await stack.service.synchronizer.whenIdle();
    stack.service.reader.resetStats();
    const indexBefore = stack.service.index.stats();
    const final = dataset.objects.at(-1);
    await writeDataset(storage, { ...dataset, objects: dataset.objects.slice(0, -1) }, { concurrency: 32 });
    const started = Date.now();
    if (final !== undefined) await storage.put(final);
    const searched = async () => ((await api.search({ base_uris: [stack.baseUri] })).body as { uri: string }[]).some((found) => found.uri === uri);
    await waitFor('the dataset in dserver\'s search', async () => ((await searched()) ? true : undefined), 60_000);
    const visibleInSearchMs = Date.now() - started;
    await stack.service.synchronizer.whenIdle();
    const indexAfter = stack.service.index.stats();
    return {
      stats: stack.service.reader.stats(),
      visibleInSearchMs,
      registryStatus: (await api.get(`/uris/${routeSuffix(uri)}`)).status,
      indexRequests: { writes: indexAfter.writes - indexBefore.writes, reads: indexAfter.reads - indexBefore.reads },
    };
  }

  test.each(['mongo', 'dserver'] as const)('DSERVER_NOTIFY_INDEX=%s: the S3 requests do not grow with the items (10 and 1,000)', async (mode) => {
    const stack = await startLocalStack({ bucket: `costs-${mode}`, dserver: true, serviceEnv: { DSERVER_NOTIFY_INDEX: mode } });
    stacks.push(stack);
    await measure(stack, 2); // warm-up
    const small = await measure(stack, 10);
    const large = await measure(stack, 1000);
    // request-costs.test.ts's formula, whatever the size: 1 + (4 + annotations) per full read +
    // two listing pages per full read. A second full read is the documented race of an upload whose
    // objects (the protodataset's `dtool` among them) are notified while the final sync runs.
    for (const measured of [small, large]) {
      const listingPages = measured.stats.requestsByOperation['ListObjectsV2'] ?? 0;
      const fullReads = listingPages / 2;
      expect([1, 2]).toContain(fullReads);
      expect(measured.stats.requests).toBe(1 + fullReads * (4 + ANNOTATION_COUNT) + listingPages);
    }
    expect([small.registryStatus, large.registryStatus]).toEqual(mode === 'dserver' ? [200, 200] : [404, 404]);
    for (const [items, measured] of [[10, small], [1000, large]] as const) {
      reportFigures(`dserver-costs ${mode} ${items} items`, {
        s3Requests: measured.stats.requests,
        s3RequestsByOperation: JSON.stringify(measured.stats.requestsByOperation),
        visibleInDserverSearchMs: measured.visibleInSearchMs,
        dserverRegistryStatus: measured.registryStatus,
        indexWrites: measured.indexRequests.writes,
        indexReads: measured.indexRequests.reads,
      });
    }
  }, 300_000);
});

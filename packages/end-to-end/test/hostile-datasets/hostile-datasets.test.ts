import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createS3ManifestReader } from '@dtool-notify/adapter-s3';
import { DEFAULT_STORAGE_LIMITS, readDatasetDocument, type DatasetDocument } from '@dtool-notify/domain';
import { buildDataset, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStackWithoutService } from '../product-stack.js';
import { reportFigures, sleep } from '../reliability/figures.js';
import { startServiceProcess, type ServiceProcess } from '../reliability/service-process.js';
import { syncDryRun } from '../reliability/sync-dry-run.js';
import { waitFor } from '../wait-for.js';
import type { CorpusSizes, HostileDatasetCase } from './hostile-dataset-case.js';
import { sampleRss } from './rss-sampler.js';
import { recordLines } from './service-log.js';

const MIB = 1024 * 1024;
const mib = (name: string, fallback: number): number => Number(process.env[name] ?? fallback) * MIB;
// CI runs the big-object cases at a few MiB against a 4 MiB limit; the sizes (139 and
// 60 MiB against the default 32 MiB) are measured by hand with these variables.
const sizes: CorpusSizes = {
  maxDatasetBytes: mib('DTOOL_NOTIFY_HOSTILE_LIMIT_MIB', 4),
  bigManifestBytes: mib('DTOOL_NOTIFY_HOSTILE_MANIFEST_MIB', 24),
  bigReadmeBytes: mib('DTOOL_NOTIFY_HOSTILE_README_MIB', 12),
};
/** Growth of the service's RSS allowed during one case: a small multiple of the byte limit, plus the heap's own slack. */
const RSS_GROWTH_LIMIT_MB = (4 * sizes.maxDatasetBytes) / MIB + 48;

const casesDirectory = new URL('./cases/', import.meta.url);
const cases: Array<[string, HostileDatasetCase]> = await Promise.all(
  readdirSync(casesDirectory)
    .filter((file) => file.endsWith('.ts'))
    .sort()
    .map(async (file) => [file.replace(/\.ts$/, ''), ((await import(new URL(file, casesDirectory).href)) as { hostileCase: HostileDatasetCase }).hostileCase]),
);

describe('hostile datasets written to MinIO, notified to the real dtool-notify serve', () => {
  const bucket = 'hostile-datasets';
  let dataDir: string;
  let stack: LocalStackWithoutService;
  let service: ServiceProcess;
  let mongo: MongoClient;
  const poisoned: Array<{ name: string; uri: string }> = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'dtool-notify-hostile-datasets-'));
    // A MinIO queue directory: notifications are delivered in order and a non-2xx one is
    // retried every 3 s, so a poison notification answered 503 would hold up every later one.
    stack = await startLocalStack({
      bucket,
      dataDir,
      startService: false,
      serviceEnv: {
        DSERVER_NOTIFY_README_LAYOUT: 'parsed-yaml',
        DSERVER_NOTIFY_MAX_DATASET_BYTES: String(sizes.maxDatasetBytes),
        DSERVER_NOTIFY_LOG_LEVEL: 'info',
      },
    });
    service = await startServiceProcess(stack.serviceEnv);
    mongo = await MongoClient.connect(stack.mongoUri);
  }, 60_000);
  afterAll(async () => {
    await mongo?.close();
    await service?.stop();
    await stack?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  const storage = () => createS3DatasetStorage(stack.s3Client, bucket);
  const uriOf = (dataset: BuiltDataset): string => `${stack.baseUri}/${dataset.uuid}`;
  const stored = async (uri: string): Promise<DatasetDocument | undefined> =>
    ((await mongo.db('dtool_info').collection('datasets').findOne({ uri }, { projection: { _id: 0 } })) ?? undefined) as DatasetDocument | undefined;
  const goodDataset = (): BuiltDataset => buildDataset({ bucket, prefix: 'u/hostile/', annotations: { project: 'hostile' }, tags: ['t'] });
  const alive = async (): Promise<boolean> => {
    const exited = await Promise.race([service.exited.then(() => true), sleep(0).then(() => false)]);
    return !exited && (await fetch(`${service.url}/health`)).ok;
  };

  test.each(cases)('%s: the outcome is recorded, the process lives, the next dataset is indexed, memory stays bounded', async (name, hostile) => {
    const dataset = goodDataset();
    const uri = uriOf(dataset);
    await writeDataset(storage(), dataset);
    const before = await waitFor('the good version indexed', () => stored(uri));

    const rss = sampleRss(service.pid);
    const figures: Record<string, number> = {};
    const started = performance.now();
    try {
      for (const object of hostile.poison(dataset, sizes)) await storage().put(object);
      if (hostile.expected.outcome === 'failed') {
        const { code, reason } = hostile.expected;
        const failure = await waitFor('the failed record in the log', async () => recordLines(service.output(), uri).find((line) => line.outcome === 'failed'));
        figures.outcomeMs = Math.round(performance.now() - started);
        if (failure.durationMs !== undefined) figures.syncMs = failure.durationMs;
        expect(failure).toMatchObject({ level: 40, code, reason: expect.stringMatching(reason) });
        // The entry is left as it was.
        expect(await stored(uri)).toEqual(before);
        poisoned.push({ name, uri });
      } else if (hostile.expected.outcome !== 'indexed') {
        const { outcome, reason } = hostile.expected;
        const refused = await waitFor(`the ${outcome} record in the log`, async () =>
          recordLines(service.output(), uri).find((line) => line.outcome === outcome && reason.test(line.reason ?? '')),
        );
        figures.outcomeMs = Math.round(performance.now() - started);
        expect(refused.reason).toMatch(reason);
        // Give a wrong sync time to land before looking: the entry is left as it was.
        await sleep(500);
        expect(await stored(uri)).toEqual(before);
      } else {
        const { check } = hostile.expected;
        await waitFor('the document as the case expects it', async () => {
          const document = await stored(uri);
          if (document === undefined) return undefined;
          check(document);
          return document;
        });
        figures.outcomeMs = Math.round(performance.now() - started);
      }
      expect(await alive()).toBe(true);

      const control = goodDataset();
      const controlStarted = performance.now();
      await writeDataset(storage(), control);
      await waitFor('a good dataset written after the hostile one', () => stored(uriOf(control)), 10_000);
      figures.nextDatasetIndexedMs = Math.round(performance.now() - controlStarted);
      expect(await alive()).toBe(true);
    } finally {
      const { baselineMb, peakMb } = rss.stop();
      reportFigures(`hostile dataset ${name}`, { ...figures, rssBaselineMb: Math.round(baselineMb), rssPeakMb: Math.round(peakMb), rssGrowthMb: Math.round(peakMb - baselineMb) });
      expect(peakMb - baselineMb).toBeLessThan(RSS_GROWTH_LIMIT_MB);
    }
  }, 60_000);

  test('a poison notification is answered once, not redelivered: no new failure is logged over two MinIO retry periods', async () => {
    expect(poisoned.length).toBeGreaterThan(0);
    const counts = () => poisoned.map(({ uri }) => recordLines(service.output(), uri).filter((line) => line.outcome === 'failed').length);
    const first = counts();
    await sleep(6_500);
    expect(counts()).toEqual(first);
  }, 20_000);

  test('sync --dry-run lists every poisoned dataset as failed, with its reason', async () => {
    const report = await syncDryRun(stack.serviceEnv, bucket);
    const failed = new Map(report.failures.map(({ uri, reason }) => [uri, reason]));
    for (const { name, uri } of poisoned) {
      const hostile = cases.find(([caseName]) => caseName === name)?.[1];
      if (hostile?.expected.outcome !== 'failed') continue;
      expect(failed.get(uri), name).toMatch(hostile.expected.reason);
    }
    expect(report.counts.failed).toBe(poisoned.length);
  }, 60_000);

  test('a poison dataset costs a bounded number of S3 requests: the reads stop at the first content failure', async () => {
    const reader = createS3ManifestReader({
      buckets: new Map([[bucket, { endpoint: stack.s3.endpoint, accessKeyId: stack.s3.accessKeyId, secretAccessKey: stack.s3.secretAccessKey }]]),
      limits: { ...DEFAULT_STORAGE_LIMITS, maxDatasetBytes: sizes.maxDatasetBytes },
    });
    expect(poisoned.length).toBeGreaterThan(0);
    try {
      const figures: Record<string, number> = {};
      for (const { name, uri } of poisoned) {
        reader.resetStats();
        const uuid = uri.slice(uri.lastIndexOf('/') + 1);
        const started = performance.now();
        const read = readDatasetDocument(reader, { bucket, baseUri: stack.baseUri, uuid }, 'parsed-yaml');
        await expect(read, name).rejects.toMatchObject({ code: expect.stringMatching(/^(unreadable|too-large)$/) });
        figures[`${name}.ms`] = Math.round(performance.now() - started);
        // Reads already under way when another failed still finish: count them too.
        await sleep(300);
        figures[`${name}.requests`] = reader.stats().requests;
        // At most what a good dataset of this shape costs (registration key twice, HEAD dtool,
        // README, manifest, two listings, two annotations): a failure is never retried.
        expect(reader.stats().requests, name).toBeLessThanOrEqual(9);
      }
      reportFigures('poison dataset reads', figures);
    } finally {
      reader.close();
    }
  }, 60_000);
});

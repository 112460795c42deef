import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';
import { MongoClient, type CommandStartedEvent } from 'mongodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { reconcileBucket, type ReconcileReport } from '@dtool-notify/domain';
import { createMongoDatasetIndex, type MongoDatasetIndex } from '@dtool-notify/adapter-mongo';
import { createS3ManifestReader, type S3ManifestReader } from '@dtool-notify/adapter-s3';
import { buildDataset, readmeObject, tagObject, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStackWithoutService } from './product-stack.js';

const DATASETS = 40;
const WRITES = new Set(['insert', 'update', 'delete', 'findAndModify']);
const READS = new Set(['find', 'aggregate', 'count', 'distinct', 'getMore']);
const TICKETS = 'dtool_notify_sync_tickets';
/** Datasets whose sync tickets a backfill takes, and reads back, in one command each (reconcile-bucket.ts). */
const TICKET_BATCH = 16;

/**
 * The deterministic costs of `dtool-notify sync` (the figures of `npm run bench`'s backfill
 * scenario, asserted): with real MinIO and the real MongoDB-protocol server, a backfill reads
 * the index once instead of looking each dataset up, and a sync of an unchanged bucket reads
 * no README or manifest and writes nothing. Every command the driver sends is recorded
 * through its command monitoring; every S3 request through Node's HTTP diagnostics channel.
 */
describe('sync costs: a backfill and the verification of an unchanged bucket', () => {
  let stack: LocalStackWithoutService;
  let client: MongoClient;
  let index: MongoDatasetIndex;
  let reader: S3ManifestReader;
  let datasets: BuiltDataset[];
  let protodataset: BuiltDataset;
  const commands: CommandStartedEvent[] = [];
  const bodyReads: string[] = [];
  const recordBodyReads = (message: unknown): void => {
    const { request } = message as { request: ClientRequest };
    const path = decodeURIComponent(request.path.split('?')[0] ?? '');
    if (request.method === 'GET' && /\/(README\.yml|manifest\.json|annotations\/[^/]+)$/.test(path)) bodyReads.push(path);
  };

  beforeAll(async () => {
    stack = await startLocalStack({ bucket: 'backfill-costs', webhook: false, startService: false });
    client = new MongoClient(stack.mongoUri, { monitorCommands: true });
    client.on('commandStarted', (event) => commands.push(event));
    index = await createMongoDatasetIndex({ client });
    reader = createS3ManifestReader({ buckets: new Map([[stack.bucket, stack.s3]]) });
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    datasets = Array.from({ length: DATASETS }, (_, position) =>
      buildDataset({
        bucket: stack.bucket,
        prefix: position % 3 === 0 ? '' : `u/user-${position % 4}/`,
        items: 3,
        ...(position % 5 === 0 ? { tags: ['raw', `t${position}`] } : {}),
        ...(position % 7 === 0 ? { annotations: { project: 'costs', position } } : {}),
      }),
    );
    for (const dataset of datasets) await writeDataset(storage, dataset, { concurrency: 16 });
    protodataset = buildDataset({ bucket: stack.bucket, frozen: false });
    await writeDataset(storage, protodataset);
    subscribe('http.client.request.start', recordBodyReads);
  }, 120_000);
  afterAll(async () => {
    unsubscribe('http.client.request.start', recordBodyReads);
    reader?.close();
    await client?.close();
    await stack?.stop();
  });

  /** One sync, with the commands and body reads it caused. */
  const sync = async (): Promise<{ report: ReconcileReport; sent: CommandStartedEvent[]; tickets: CommandStartedEvent[]; bodies: string[]; s3Requests: number }> => {
    commands.length = 0;
    bodyReads.length = 0;
    reader.resetStats();
    const report = await reconcileBucket({ reader, index, bucket: stack.bucket, baseUri: stack.baseUri, concurrency: 8 });
    // On the datasets collection: the sync tickets of the multi-instance protocol live in their
    // own collection, two per written dataset (docs/multi-instance.md).
    const sent = commands.filter(
      (event) => (WRITES.has(event.commandName) || READS.has(event.commandName)) && event.command[event.commandName] === 'datasets',
    );
    const tickets = commands.filter((event) => event.command[event.commandName] === TICKETS);
    return { report, sent, tickets, bodies: [...bodyReads], s3Requests: reader.stats().requests };
  };
  const named = (sent: readonly CommandStartedEvent[], name: string) => sent.filter((event) => event.commandName === name);

  test('a backfill reads the index in one pass and inserts in batches: no look-up, update or delete per dataset', async () => {
    const { report, sent, tickets } = await sync();
    expect(report.counts).toMatchObject({ added: DATASETS, updated: 0, unchanged: 0, 'not-a-dataset': 1, failed: 0 });
    const finds = named(sent, 'find');
    expect(finds).toHaveLength(1);
    expect(finds[0]?.command['filter']).toEqual({ base_uri: stack.baseUri });
    expect(named(sent, 'update')).toEqual([]);
    expect(named(sent, 'delete')).toEqual([]);
    const inserts = named(sent, 'insert');
    const inserted = inserts.reduce((sum, event) => sum + (event.command['documents'] as unknown[]).length, 0);
    expect(inserted).toBe(DATASETS);
    expect(inserts.length).toBeLessThan(DATASETS);
    // The sync tickets of the multi-instance protocol, per batch of datasets read (the 40 and
    // the protodataset): one insert before the reads, one find by `_id` after the writes, and
    // one delete releasing them at the end (sync-tickets.ts).
    const batches = Math.ceil((DATASETS + 1) / TICKET_BATCH);
    expect(tickets.map((event) => event.commandName).sort()).toEqual([...Array(batches).fill('delete'), ...Array(batches).fill('find'), ...Array(batches).fill('insert')]);
    for (const find of named(tickets, 'find')) expect(Object.keys(find.command['filter'] as object)).toEqual(['_id']);
    // None is kept: FerretDB scans the ticket collection for every look-up, so tickets kept for
    // every dataset ever synced made a backfill of 5,000 datasets quadratic (docs/performance.md).
    expect(await client.db('dtool_info').collection(TICKETS).countDocuments()).toBe(0);
  }, 120_000);

  test('a sync of the unchanged bucket reads no README, manifest or annotation and writes nothing', async () => {
    const { report, sent, bodies, s3Requests } = await sync();
    expect(report.counts).toMatchObject({ added: 0, updated: 0, unchanged: DATASETS, 'not-a-dataset': 1, failed: 0 });
    expect(bodies).toEqual([]);
    expect(sent.filter((event) => WRITES.has(event.commandName))).toEqual([]);
    expect(named(sent, 'find')).toHaveLength(1);
    // No request of its own per dataset: one listing page of each prefix (the bucket's top
    // level included, whose nested prefixes are jumped over) shows every fingerprint; one GET
    // of a registration key per distinct prefix (equal bodies have equal ETags); the page of
    // registration keys; the protodataset's HEAD (it is not indexed, so it is looked at).
    const prefixes = new Set([...datasets, protodataset].map((dataset) => dataset.prefix)).size;
    const indexedPrefixes = new Set(datasets.map((dataset) => dataset.prefix)).size;
    expect(s3Requests).toBe(indexedPrefixes + prefixes + 1 + 1);
    expect(s3Requests).toBeLessThan(DATASETS / 3);
  }, 120_000);

  test('a changed dataset is read and replaced, looked up by _id only', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    const [readmeChanged, tagged] = [datasets[1]!, datasets[2]!];
    await storage.put(readmeObject(readmeChanged, 'changed: true\n'));
    await storage.put(tagObject(tagged, 'added-later'));
    const { report, sent, bodies } = await sync();
    expect(report.counts).toMatchObject({ added: 0, updated: 2, unchanged: DATASETS - 2, failed: 0 });
    expect(new Set(bodies.map((path) => path.split('/').at(-2)))).toEqual(new Set([readmeChanged.uuid, tagged.uuid]));
    const perDataset = sent.filter((event) => !(event.commandName === 'find' && 'base_uri' in (event.command['filter'] as object)));
    const filters = perDataset.flatMap((event) =>
      event.commandName === 'find'
        ? [event.command['filter']]
        : ((event.command['updates'] ?? event.command['deletes'] ?? []) as Array<{ q: unknown }>).map((statement) => statement.q),
    );
    expect(filters).toHaveLength(4);
    for (const filter of filters) expect(Object.keys(filter as object)).toEqual(['_id']);
    expect((await index.findByUri(`${stack.baseUri}/${readmeChanged.uuid}`))?.readme).toBe('changed: true\n');
    expect((await index.findByUri(`${stack.baseUri}/${tagged.uuid}`))?.tags).toContain('added-later');
    expect((await sync()).report.counts).toMatchObject({ updated: 0, unchanged: DATASETS });
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { buildDataset, datasetKeys, withUpperCaseAdminUuid, writeDataset, type BuiltDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from './product-stack.js';
import { postNotification } from './reliability/notification-body.js';
import { differences, syncDryRun } from './reliability/sync-dry-run.js';
import { waitFor } from './wait-for.js';

const BUCKET = 'identity';

/**
 * Issue 10 items 3, 4 and 6 with real MinIO notifying the service over its webhook and real
 * FerretDB: the storage-side cases of the identity rule and of notifications as hints.
 */
describe('identity and hints, MinIO webhook → service → FerretDB', () => {
  let stack: LocalStack;
  let client: MongoClient;
  let collection: Collection<Document>;

  beforeAll(async () => {
    stack = await startLocalStack({ bucket: BUCKET });
    client = new MongoClient(stack.mongoUri);
    collection = client.db('dtool_info').collection('datasets');
  });
  afterAll(async () => {
    await client?.close();
    await stack?.stop();
  });

  const storage = () => createS3DatasetStorage(stack.s3Client, BUCKET);
  const documentOf = (dataset: BuiltDataset) => collection.findOne({ uri: `${stack.baseUri}/${dataset.uuid}` }, { projection: { _id: 0 } });
  /** Writes `dataset` and waits until the service has indexed it: everything notified before it has been handled too. */
  const indexed = async (dataset: BuiltDataset): Promise<void> => {
    await writeDataset(storage(), dataset);
    await waitFor(`dataset ${dataset.uuid} indexed`, async () => (await documentOf(dataset)) ?? undefined, 30_000);
    await stack.service.synchronizer.whenIdle();
  };

  test('a complete copy under another prefix, written and deleted, leaves the registered dataset as it is (item 3)', async () => {
    const alice = buildDataset({ bucket: BUCKET, prefix: 'u/alice/', items: 2, name: 'alices-data', readme: 'owner: alice\n' });
    await indexed(alice);
    const before = await documentOf(alice);
    const built = buildDataset({ bucket: BUCKET, uuid: alice.uuid, prefix: 'u/bob/', items: 1, name: 'bobs-copy', readme: 'owner: bob\n' });
    const copy: BuiltDataset = { ...built, objects: built.objects.filter((object) => object.key !== `dtool-${alice.uuid}`) };
    await writeDataset(storage(), copy);
    await indexed(buildDataset({ bucket: BUCKET, prefix: 'u/sentinel/', items: 1 }));
    expect(await documentOf(alice)).toEqual(before);
    for (const key of datasetKeys(copy)) await storage().delete(key);
    await indexed(buildDataset({ bucket: BUCKET, prefix: 'u/sentinel/', items: 1 }));
    expect(await documentOf(alice)).toEqual(before);
    expect(before).toMatchObject({ name: 'alices-data', readme: 'owner: alice\n' });
  }, 60_000);

  test('admin metadata naming the uuid in upper case is indexed under no URI (item 6)', async () => {
    const carol = withUpperCaseAdminUuid(buildDataset({ bucket: BUCKET, prefix: 'u/carol/', items: 1 }));
    await writeDataset(storage(), carol);
    await indexed(buildDataset({ bucket: BUCKET, prefix: 'u/sentinel/', items: 1 }));
    expect(await collection.countDocuments({ uuid: { $in: [carol.uuid, carol.uuid.toUpperCase()] } })).toBe(0);
    const answer = await postNotification(
      stack.serviceUrl,
      JSON.stringify({ Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key: `${carol.prefix}${carol.uuid}/dtool` } } }] }),
    );
    expect(answer.json).toMatchObject({ records: [{ outcome: 'not-a-dataset', reason: expect.stringContaining('must be equal') }] });
  }, 60_000);

  test('one record with a crafted sequencer does not freeze an entry: a later real rename is indexed (item 4)', async () => {
    const dave = buildDataset({ bucket: BUCKET, prefix: 'u/dave/', items: 2, name: 'first-name' });
    await indexed(dave);
    const dtoolKey = `${dave.prefix}${dave.uuid}/dtool`;
    const crafted = await postNotification(
      stack.serviceUrl,
      JSON.stringify({
        Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: BUCKET }, object: { key: dtoolKey, sequencer: 'F'.repeat(32) } } }],
      }),
    );
    expect(crafted.status).toBe(200);
    const renamed = buildDataset({ bucket: BUCKET, uuid: dave.uuid, prefix: dave.prefix, items: 2, name: 'second-name' });
    const dtool = renamed.objects.filter((object) => object.key === dtoolKey).at(-1);
    if (dtool === undefined) throw new Error('no dtool object');
    await storage().put(dtool);
    await waitFor('the rename indexed', async () => ((await documentOf(dave))?.['name'] === 'second-name' ? true : undefined), 15_000);
    const report = await syncDryRun(stack.serviceEnv, BUCKET);
    expect(differences(report)).toEqual({ added: 0, updated: 0, removed: 0, failed: 0 });
  }, 60_000);
});

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Int32, MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../product-stack.js';
import { createDatasets, deleteDatasetObjects, dtool, uuidOf } from './dtool-producer.js';
import { expectIndexedAs, expectNotIndexed, readIndexedDocument } from './indexed-document.js';
import { loadPythonTools, PYTHON_TOOLS_SETUP_MS, type PythonTools } from './python-tools.js';
import { createRecordingLogger } from './service-log.js';
import { referenceDocument, registeredReferenceDocument } from './reference-document.js';

const bucket = 'dtool-interop';
const prefix = 'u/testuser/';
/** boto3's multipart threshold, which dtool-s3 keeps: 8 MiB. */
const MULTIPART_THRESHOLD = 8 * 1024 * 1024;
const README = [
  '---',
  'description: Messung über Nacht, 測定 ✓',
  'project: interop',
  'recorded: 2024-01-02',
  'sampled_at: 2024-03-04 05:06:07.5+01:00',
  'reviewed: yes',
  '',
].join('\n');
const ITEMS = { multipart: 'raw/scan.bin', csv: 'données/naïve café.csv', japanese: '日本語/データ 1.txt', emoji: 'emoji/🧪 sample.txt' };

// Each step runs the dtool CLI and the reference (Python, ~2 s of CPU each): generous
// limits, so that a busy machine slows the file down rather than failing it.
describe('the real dtool CLI writes to MinIO, MinIO notifies dtool-notify: the index holds what dserver would store', { timeout: 180_000 }, () => {
  let stack: LocalStack;
  let mongo: MongoClient;
  let datasets: Collection;
  let tools: PythonTools;
  const serviceLog = createRecordingLogger();
  let work: string;
  let localUris: string[];
  const copied: { plain?: string; prefixed?: string; direct?: string } = {};
  let plainReference: Document | undefined;

  const env = (options: { prefix?: string } = {}) => tools.environment(bucket, stack.s3, options);
  const reference = (uri: string) => registeredReferenceDocument(tools, env(), uri, stack.baseUri);

  beforeAll(async () => {
    [stack, tools] = await Promise.all([startLocalStack({ bucket, logger: serviceLog }), loadPythonTools()]);
    mongo = await MongoClient.connect(stack.mongoUri);
    datasets = mongo.db('dtool_info').collection('datasets');
    work = mkdtempSync(join(tmpdir(), 'dtool-interop-'));
    const file = (name: string, content: string | Buffer): string => {
      writeFileSync(join(work, name), content);
      return join(work, name);
    };
    const items = [
      { path: file('scan.bin', randomBytes(MULTIPART_THRESHOLD + 1024 * 1024 + 7)), relpath: ITEMS.multipart },
      { path: file('table.csv', 'x,y\n1,2\n'), relpath: ITEMS.csv },
      { path: file('data.txt', 'データ\n'), relpath: ITEMS.japanese },
      { path: file('sample.txt', ''), relpath: ITEMS.emoji },
    ];
    mkdirSync(join(work, 'local'));
    const local = (name: string) => ({
      name,
      baseUri: `file://${join(work, 'local')}`,
      readme: README,
      items,
      tags: ['raw', 'v1.0', 'calibrated_2024-01'],
      annotations: {
        project: '"interop"',
        owner: '"Zoë Ångström"',
        count: '5',
        total_bytes: String(2 ** 40),
        ratio: '2.5',
        settings: '{"threshold": 0.125, "channels": [1, 2, 3], "enabled": true, "note": null}',
      },
    });
    localUris = await createDatasets(tools, env(), [local('copied-plain'), local('copied-prefixed')]);
  }, PYTHON_TOOLS_SETUP_MS);
  afterAll(async () => {
    await mongo?.close();
    await stack?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  test.concurrent('dtool create, add item and freeze on s3://: nothing is indexed before the freeze, then dserver’s document', async () => {
    const uri = await dtool(tools, env(), 'create', '-q', 'made-on-s3', stack.baseUri);
    const first = join(work, 'first.txt');
    writeFileSync(first, 'first item\n');
    await Promise.all([
      dtool(tools, env(), 'add', 'item', first, uri, 'first.txt'),
      dtool(tools, env(), 'add', 'item', first, uri, 'sub dir/grüße.txt'),
    ]);
    const before = await referenceDocument(tools, env(), uri, stack.baseUri);
    expect(before).toMatchObject({ registered: false, reason: expect.stringMatching(/not registered/) });
    await stack.service.synchronizer.whenIdle();
    expect(await readIndexedDocument(datasets, uri)).toBeNull();

    await dtool(tools, env(), 'freeze', uri);
    const document = await expectIndexedAs(datasets, uri, await reference(uri));
    expect(document.number_of_items).toEqual(new Int32(2));
    copied.direct = uri;
  });

  test.concurrent('dtool cp of a local dataset: tags, annotations, dated README, non-ASCII names, a multipart item', async () => {
    const uri = await dtool(tools, env(), 'cp', '-q', localUris[0] ?? '', stack.baseUri);
    plainReference = await reference(uri);
    const document = await expectIndexedAs(datasets, uri, plainReference);
    expectCopiedContent(document);
    await expectMultipartItem(stack, '', uri, document);
    copied.plain = uri;
  });

  test.concurrent('dtool cp with DTOOL_S3_DATASET_PREFIX_<bucket>: same document, objects under the prefix', async () => {
    const uri = await dtool(tools, env({ prefix }), 'cp', '-q', localUris[1] ?? '', stack.baseUri);
    const document = await expectIndexedAs(datasets, uri, await reference(uri));
    expectCopiedContent(document);
    await expectMultipartItem(stack, prefix, uri, document);
    const registration = await stack.s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: `dtool-${uuidOf(uri)}` }));
    expect(await registration.Body?.transformToString()).toBe(prefix);
    copied.prefixed = uri;
  });

  test('dtool readme write, tag set, tag delete and annotation set: after each, dserver’s document', async () => {
    const uri = required(copied.prefixed);
    const readme = join(work, 'new-readme.yml');
    writeFileSync(readme, '---\ndescription: rewritten ✓\nrevised: 2025-06-07T08:09:10Z\nreviewed: no\n');
    await dtool(tools, env(), 'readme', 'write', uri, readme);
    expect((await expectIndexedAs(datasets, uri, await reference(uri))).readme).toMatch(/rewritten ✓/);

    await dtool(tools, env(), 'tag', 'set', uri, 'reviewed');
    expect((await expectIndexedAs(datasets, uri, await reference(uri))).tags).toContain('reviewed');

    await dtool(tools, env(), 'tag', 'delete', uri, 'raw');
    expect((await expectIndexedAs(datasets, uri, await reference(uri))).tags).not.toContain('raw');

    await dtool(tools, env(), 'annotation', 'set', '--type', 'json', uri, 'calibration', '{"factor": 2.0, "offsets": [-3000000000, 0.25]}');
    const expected = await reference(uri);
    // Intended difference (docs/compatibility.md): JSON has one number type, so an integral
    // float written as 2.0 is stored as an integer; Python keeps it a float.
    expect(expected.annotations.calibration.factor._bsontype).toBe('Double');
    expected.annotations.calibration.factor = new Int32(2);
    await expectIndexedAs(datasets, uri, expected);
  });

  test('a dtool object without S3 user metadata: the reference cannot load the dataset, we read its JSON body', async () => {
    const uri = required(copied.plain);
    const key = `${uuidOf(uri)}/dtool`;
    const body = await (await stack.s3Client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body?.transformToString();
    // As after a presigned upload, which drops user metadata; the index is emptied first so
    // that the document we then see was read from this object.
    await datasets.deleteOne({ uri });
    await stack.s3Client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body ?? '' }));
    const after = await referenceDocument(tools, env(), uri, stack.baseUri);
    expect(after).toMatchObject({ registered: false, reason: expect.stringMatching(/admin metadata has no/) });
    await expectIndexedAs(datasets, uri, plainReference ?? {});
  });

  test('deleting a dataset’s objects removes its document, as the reference no longer finds a dataset', async () => {
    const removals = [
      { uri: required(copied.direct), prefix: '' },
      { uri: required(copied.plain), prefix: '' },
      { uri: required(copied.prefixed), prefix },
    ];
    const deleted = await Promise.all(
      removals.map(({ uri, prefix }) => deleteDatasetObjects(stack.s3Client, bucket, prefix, uuidOf(uri))),
    );
    expect(deleted[2]).toEqual(expect.arrayContaining([`dtool-${uuidOf(copied.prefixed ?? '')}`, `${prefix}${uuidOf(copied.prefixed ?? '')}/dtool`]));
    const [after] = await Promise.all([
      referenceDocument(tools, env(), required(copied.prefixed), stack.baseUri),
      ...removals.map(({ uri }) => expectNotIndexed(datasets, uri)),
    ]);
    expect(after).toMatchObject({ registered: false });
    expect(await datasets.countDocuments({ base_uri: stack.baseUri })).toBe(0);
  });

  test('the service logged no warning or error while it followed the real tools', () => {
    expect(serviceLog.problems).toEqual([]);
  });
});

function required(uri: string | undefined): string {
  if (uri === undefined) throw new Error('an earlier step did not produce its dataset');
  return uri;
}

/** The copied dataset's content survived: every item name, tag and annotation. */
function expectCopiedContent(document: Document): void {
  const relpaths = Object.values(document.manifest.items as Record<string, { relpath: string }>).map((item) => item.relpath);
  expect(relpaths.sort()).toEqual(Object.values(ITEMS).sort());
  expect(document.tags).toEqual(['calibrated_2024-01', 'raw', 'v1.0']);
  expect(document.readme).toBe(README);
  expect(Object.keys(document.annotations).sort()).toEqual(['count', 'owner', 'project', 'ratio', 'settings', 'total_bytes']);
}

/** The large item went up as a multipart upload (its ETag says in how many parts). */
async function expectMultipartItem(stack: LocalStack, prefix: string, uri: string, document: Document): Promise<void> {
  const items = document.manifest.items as Record<string, { relpath: string }>;
  const identifier = Object.keys(items).find((id) => items[id]?.relpath === ITEMS.multipart);
  const head = await stack.s3Client.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: `${prefix}${uuidOf(uri)}/data/${identifier}` }));
  expect(head.ETag).toMatch(/-2"$/);
}

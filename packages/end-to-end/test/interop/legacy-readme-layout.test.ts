import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Int32, MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLocalStack, type LocalStack } from '../product-stack.js';
import { createDatasets, dtool } from './dtool-producer.js';
import { expectIndexedAs } from './indexed-document.js';
import { loadPythonTools, PYTHON_TOOLS_SETUP_MS, type PythonTools } from './python-tools.js';
import { createRecordingLogger } from './service-log.js';
import { referenceDocument, registeredReferenceDocument } from './reference-document.js';

const bucket = 'dtool-interop-legacy';

/**
 * READMEs that exercise what PyYAML reads differently from YAML 1.2 (and from the YAML 1.1
 * drafts). No infinities or nested arrays: FerretDB, the test server, cannot store them
 * (legacy-readme-parsing.test.ts compares those with PyYAML without a database).
 */
const READMES = {
  booleans: ['enabled: yes', 'disabled: No', 'switch: on', 'lamp: OFF', 'x: 1', 'y: 2', 'n: N', 'nothing: ~', 'blank:', 'quoted: "yes"', ''].join('\n'),
  dates: [
    'date: 2024-01-02',
    'naive: 2001-12-14 21:59:43.10',
    'zoned: 2001-12-14t21:59:43.10-05:00',
    'utc: 2024-03-04T05:06:07Z',
    'spaced_zone: 2001-12-14 21:59:43.10 -5',
    'loose: 2024-1-2 3:04:05',
    'not_a_date: 2024-1-2',
    'listed: [2020-11-08, 2020-11-09T10:11:12.123456789+02:00]',
    'quoted: "2024-01-02"',
    '',
  ].join('\n'),
  numbers: [
    'octal: 017',
    'not_octal: 0o17',
    'leading_zero: 08540',
    'hex: 0x1F',
    'binary: 0b101',
    'grouped: 1_000',
    'sexagesimal: 190:20:30',
    'sexagesimal_float: 20:30.15',
    'big: 12345678901',
    'negative_big: -3000000000',
    'float: 6.8523015e+5',
    'unsigned_exponent: 1e3',
    'version: 1.10',
    'integral_float: 1.0',
    '',
  ].join('\n'),
  structure: [
    'description: |',
    '  Messung über Nacht ✓',
    '  zweite Zeile',
    'folded: >',
    '  one',
    '  two',
    'defaults: &defaults {unit: mm, scale: 2}',
    'axis:',
    '  <<: *defaults',
    '  scale: 3',
    'owner: alice',
    'owner: bob',
    'samples:',
    '  - {id: 007, taken: 2021-03-04}',
    "  - {id: 008, flag: yes, note: 'quoted: not a key'}",
    '',
  ].join('\n'),
  scalar: 'just one sentence, not a mapping\n',
  empty: '',
  invalid: 'key: [unclosed\n',
};
type ReadmeName = keyof typeof READMES;

// Each step runs the dtool CLI and the reference (Python, ~2 s of CPU each): generous
// limits, so that a busy machine slows the file down rather than failing it.
describe('legacy layout (README parsed as YAML): the index holds what dtool-lookup-server 0.17.2 would store', { timeout: 180_000 }, () => {
  let stack: LocalStack;
  let mongo: MongoClient;
  let datasets: Collection;
  let tools: PythonTools;
  const serviceLog = createRecordingLogger();
  let work: string;
  const uris = new Map<ReadmeName, string>();

  const env = () => tools.environment(bucket, stack.s3);
  const legacyReference = (uri: string) => registeredReferenceDocument(tools, env(), uri, stack.baseUri, { legacy: true });
  /** dtool-lookup-server 0.17 had no item count or size: we add them, as current dserver does. */
  const withoutNewerFields = ({ number_of_items, size_in_bytes, ...document }: Document): Document => {
    expect(number_of_items).toEqual(new Int32(1));
    expect(size_in_bytes).toBeInstanceOf(Int32);
    return document;
  };
  const expectLegacyDocument = async (name: ReadmeName, expected?: Document) => {
    const uri = uris.get(name) ?? '';
    return expectIndexedAs(datasets, uri, expected ?? (await legacyReference(uri)), withoutNewerFields);
  };

  beforeAll(async () => {
    [stack, tools] = await Promise.all([
      startLocalStack({ bucket, serviceEnv: { DSERVER_NOTIFY_README_LAYOUT: 'parsed-yaml' }, logger: serviceLog }),
      loadPythonTools(),
    ]);
    mongo = await MongoClient.connect(stack.mongoUri);
    datasets = mongo.db('dtool_info').collection('datasets');
    work = mkdtempSync(join(tmpdir(), 'dtool-interop-legacy-'));
    const item = join(work, 'item.txt');
    writeFileSync(item, 'one item\n');
    const names = Object.keys(READMES) as ReadmeName[];
    const created = await createDatasets(
      tools,
      env(),
      names.map((name) => ({ name: `readme-${name}`, baseUri: stack.baseUri, readme: READMES[name], items: [{ path: item, relpath: 'item.txt' }] })),
    );
    names.forEach((name, position) => uris.set(name, created[position] ?? ''));
  }, PYTHON_TOOLS_SETUP_MS);
  afterAll(async () => {
    await mongo?.close();
    await stack?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  test.concurrent('YAML 1.1 booleans as PyYAML reads them: yes/no/on/off, but y and n stay strings', async () => {
    const document = await expectLegacyDocument('booleans');
    expect(document.readme).toMatchObject({ enabled: true, lamp: false, y: new Int32(2), n: 'N', quoted: 'yes' });
  });

  test.concurrent('dates and datetimes with zones become the ISO strings the reference stored', async () => {
    const document = await expectLegacyDocument('dates');
    expect(document.readme).toMatchObject({ date: '2024-01-02', zoned: '2001-12-14T21:59:43.100000-05:00', not_a_date: '2024-1-2' });
  });

  test.concurrent('octal, hex, sexagesimal, 64-bit integers, floats: same values and BSON types', async () => {
    const uri = uris.get('numbers') ?? '';
    const expected = await legacyReference(uri);
    // Intended difference (docs/compatibility.md): an integral float (1.0) reaches us as a
    // JavaScript number, which is stored as an integer; Python keeps it a float.
    expect(expected.readme.integral_float._bsontype).toBe('Double');
    expected.readme.integral_float = new Int32(1);
    const document = await expectLegacyDocument('numbers', expected);
    expect(document.readme.big._bsontype).toBe('Long');
    expect(document.readme).toMatchObject({ octal: new Int32(15), not_octal: '0o17', leading_zero: '08540', unsigned_exponent: '1e3' });
  });

  test.concurrent('block scalars, anchors and merge keys, repeated keys, nested lists, non-ASCII text', async () => {
    const document = await expectLegacyDocument('structure');
    expect(document.readme).toMatchObject({ owner: 'bob', axis: { unit: 'mm', scale: new Int32(3) } });
  });

  test.concurrent('a README that is a single scalar is stored as that string', async () => {
    expect((await expectLegacyDocument('scalar')).readme).toBe('just one sentence, not a mapping');
  });

  test.concurrent('invalid YAML: the reference refuses the dataset, we keep its text as dserver does', async () => {
    const uri = uris.get('invalid') ?? '';
    const [legacy, current] = await Promise.all([
      referenceDocument(tools, env(), uri, stack.baseUri, { legacy: true }),
      registeredReferenceDocument(tools, env(), uri, stack.baseUri),
    ]);
    expect(legacy).toMatchObject({ registered: false, reason: expect.stringMatching(/not valid YAML/) });
    const document = await expectIndexedAs(datasets, uri, current);
    expect(document.readme).toBe(READMES.invalid);
  });

  test('an empty README is null; after dtool readme write, the new README parsed', async () => {
    expect((await expectLegacyDocument('empty')).readme).toBeNull();
    const readme = join(work, 'rewritten.yml');
    writeFileSync(readme, '---\nreviewed: yes\nreviewed_on: 2025-06-07\nscore: 0.75\n');
    await dtool(tools, env(), 'readme', 'write', uris.get('empty') ?? '', readme);
    const document = await expectLegacyDocument('empty');
    expect(document.readme).toMatchObject({ reviewed: true, reviewed_on: '2025-06-07' });
  });

  test('the service logged no warning or error while it followed the real tools', () => {
    expect(serviceLog.problems).toEqual([]);
  });
});

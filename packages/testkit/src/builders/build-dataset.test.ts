import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { readS3Layout } from '../fixtures/s3-layout.js';
import { buildDataset } from './build-dataset.js';
import type { DatasetObject } from './dataset-object.js';

const layout = readS3Layout();
const captured = layout.write_order_of_dtool_copy;
const capturedUuid = '49f0bf41-471b-4781-855e-161fe81ffb0d';

/** The captured dataset, rebuilt with the builder. */
const rebuilt = buildDataset({
  bucket: layout.bucket,
  uuid: capturedUuid,
  name: 'simple_test_dataset',
  prefix: 'u/testuser/',
  creatorUsername: 'testuser',
  createdAt: 1645632787.071341,
  frozenAt: 1645632787.618523,
  items: [{ relpath: 'tiny.png', content: new Uint8Array(965) }],
  readme: '---\ndescription: simple test dataset\n',
  tags: ['raw-data'],
  annotations: { project: 'alpha' },
});

const bodyText = (object: DatasetObject | undefined): string =>
  typeof object?.body === 'string' ? object.body : new TextDecoder().decode(object?.body);
const shapeOf = (key: string): string => key.replace(/\/data\/[0-9a-f]{40}$/, '/data/<sha1>');

describe('buildDataset', () => {
  test('writes the objects in the captured dtool copy order', () => {
    expect(rebuilt.objects.map((object) => shapeOf(object.key))).toEqual(captured.map((object) => shapeOf(object.key)));
  });

  test.each(captured.flatMap((object, position) => (object.key.includes('/data/') ? [] : [{ position, key: object.key }])))(
    'writes $key (write $position) byte for byte as dtool does',
    ({ position }) => {
      const expected = captured[position];
      const actual = rebuilt.objects[position];
      if (expected?.key.endsWith('/manifest.json')) {
        expect(JSON.parse(bodyText(actual))).toMatchObject({ dtoolcore_version: '3.17.0', hash_function: 'md5sum_hexdigest' });
      } else {
        expect(bodyText(actual)).toBe(expected?.body);
      }
      expect(actual?.metadata).toEqual(expected?.metadata);
    },
  );

  test('writes a manifest shaped like the captured one, keyed by the sha1 of each relpath', () => {
    const manifest = bodyText(rebuilt.objects.find((object) => object.key.endsWith('/manifest.json')));
    const identifier = createHash('sha1').update('tiny.png').digest('hex');
    const md5 = createHash('md5').update(new Uint8Array(965)).digest('hex');
    expect(manifest).toBe(
      `{"dtoolcore_version": "3.17.0", "hash_function": "md5sum_hexdigest", "items": {"${identifier}": {"hash": "${md5}", "relpath": "tiny.png", "size_in_bytes": 965, "utc_timestamp": 1645632787.071341}}}`,
    );
  });

  test('writes each data item under data/<sha1 of relpath> with handle and checksum metadata', () => {
    const dataset = buildDataset({ bucket: 'b', prefix: 'p/', items: [{ relpath: 'dir/ünï.txt', content: 'hello' }] });
    const item = dataset.objects.find((object) => object.key.includes('/data/'));
    expect(item).toEqual({
      key: `p/${dataset.uuid}/data/${createHash('sha1').update('dir/ünï.txt').digest('hex')}`,
      body: 'hello',
      metadata: { handle: Buffer.from('dir/ünï.txt').toString('base64'), checksum: createHash('md5').update('hello').digest('hex') },
    });
  });

  test('describes the content a reader must return', () => {
    expect(rebuilt.content).toEqual({
      adminMetadata: {
        uuid: capturedUuid,
        dtoolcore_version: '3.17.0',
        name: 'simple_test_dataset',
        type: 'dataset',
        creator_username: 'testuser',
        created_at: 1645632787.071341,
        frozen_at: 1645632787.618523,
      },
      readme: '---\ndescription: simple test dataset\n',
      manifest: JSON.parse(bodyText(rebuilt.objects.at(-2))),
      tags: ['raw-data'],
      annotations: { project: 'alpha' },
    });
  });

  test('stops before the manifest for a protodataset', () => {
    const dataset = buildDataset({ bucket: 'b', frozen: false, createdAt: 1700000000 });
    const parts = dataset.objects.map((object) => shapeOf(object.key).replace(`${dataset.uuid}/`, ''));
    expect(parts).toEqual([`dtool-${dataset.uuid}`, 'structure.json', 'README.txt', 'dtool', 'data/<sha1>', 'README.yml']);
    expect(dataset.content.adminMetadata).toEqual(expect.objectContaining({ type: 'protodataset', created_at: 1700000000 }));
    expect(dataset.content.adminMetadata).not.toHaveProperty('frozen_at');
    expect(bodyText(dataset.objects[3])).toContain('"created_at": 1700000000.0}');
  });

  test.each([
    ['headers', false, true],
    ['body', true, false],
    ['both', true, true],
  ] as const)('puts admin metadata in the %s', (adminMetadataIn, hasBody, hasMetadata) => {
    const dataset = buildDataset({ bucket: 'b', adminMetadataIn });
    const dtoolObjects = dataset.objects.filter((object) => object.key.endsWith('/dtool'));
    expect(dtoolObjects).toHaveLength(2);
    for (const object of dtoolObjects) {
      expect(bodyText(object) !== '').toBe(hasBody);
      expect(object.metadata !== undefined).toBe(hasMetadata);
    }
  });

  test('escapes non-ASCII names in the admin metadata body as Python json.dumps does', () => {
    const dataset = buildDataset({ bucket: 'b', name: 'données-🚀' });
    expect(bodyText(dataset.objects.at(-1))).toContain('"name": "donn\\u00e9es-\\ud83d\\ude80"');
  });

  test('defaults to a random v4 uuid, an empty prefix and one item', () => {
    const [first, second] = [buildDataset({ bucket: 'b' }), buildDataset({ bucket: 'b' })];
    expect(first.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.uuid).not.toBe(second.uuid);
    expect(first.prefix).toBe('');
    expect(first.objects[0]).toEqual({ key: `dtool-${first.uuid}`, body: '' });
    expect(Object.keys(first.content.manifest.items)).toHaveLength(1);
  });

  test('rejects two items with the same relpath', () => {
    const items = [{ relpath: 'a', content: '1' }, { relpath: 'a', content: '2' }];
    expect(() => buildDataset({ bucket: 'b', items })).toThrow(/share the relpath/);
  });

  // Its speed is measured by the benchmark, not asserted here: this machine is shared and noisy.
  test('builds a 10,000-item dataset with one object and one manifest entry per item', () => {
    const dataset = buildDataset({ bucket: 'b', items: 10_000 });
    expect(dataset.objects.filter((object) => object.key.includes('/data/'))).toHaveLength(10_000);
    expect(Object.keys(dataset.content.manifest.items)).toHaveLength(10_000);
  });
});

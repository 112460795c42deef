import { createHash, randomUUID } from 'node:crypto';
import type { DatasetContent, ListedDataset, ManifestReader } from '@dtool-notify/domain';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildDataset, type BuildDatasetOptions } from '../builders/build-dataset.js';
import type { BuiltDataset, DatasetObject } from '../builders/dataset-object.js';
import { writeDataset, type DatasetStorage } from '../builders/dataset-storage.js';
import { datasetKey, registrationKey } from '../builders/dtool-layout.js';
import { annotationObject, datasetLocation, readmeObject, tagObject } from '../builders/follow-up-objects.js';
import { compareKeys } from '../in-memory/list-objects.js';

/** A {@link ManifestReader} under test, a way to write to the bucket it reads, and its base URI. */
export interface ManifestReaderUnderTest {
  readonly reader: ManifestReader;
  /** Writes to the bucket the factory was given. */
  readonly storage: DatasetStorage;
  readonly baseUri: string;
  readonly cleanup?: () => Promise<void>;
}

/** Creates the reader for one contract test, reading `bucket` (which may already hold other tests' datasets). */
export type ManifestReaderFactory = (bucket: string) => Promise<ManifestReaderUnderTest>;

/** Options of {@link describeManifestReaderContract}. */
export interface ManifestReaderContractOptions {
  /** Default `dtool-notify-contract`. */
  readonly bucket?: string;
}

/**
 * The behaviour every {@link ManifestReader} adapter must show on storage laid out by dtool-s3.
 * Every test writes datasets with fresh UUIDs, so suites can share a bucket.
 */
export function describeManifestReaderContract(name: string, factory: ManifestReaderFactory, options: ManifestReaderContractOptions = {}): void {
  const bucket = options.bucket ?? 'dtool-notify-contract';
  describe(`ManifestReader contract: ${name}`, () => {
    let subject: ManifestReaderUnderTest | undefined;
    let reader: ManifestReader;
    let storage: DatasetStorage;
    let baseUri: string;
    beforeEach(async () => {
      subject = await factory(bucket);
      ({ reader, storage, baseUri } = subject);
    });
    afterEach(async () => {
      // Optional chaining: when the factory failed there is nothing to clean up.
      await subject?.cleanup?.();
      subject = undefined;
    });

    const build = (overrides: Partial<BuildDatasetOptions> = {}): BuiltDataset => buildDataset({ bucket, prefix: 'u/testuser/', ...overrides });
    const write = async (objects: readonly DatasetObject[]): Promise<void> => {
      for (const object of objects) await storage.put(object);
    };
    const written = async (overrides: Partial<BuildDatasetOptions> = {}): Promise<BuiltDataset> => {
      const dataset = build(overrides);
      await writeDataset(storage, dataset);
      return dataset;
    };
    const readFully = async (dataset: BuiltDataset, withPrefix = true): Promise<DatasetContent> => {
      const location = datasetLocation(dataset, baseUri, { withPrefix });
      const admin = await reader.readAdminMetadata(location);
      expect(admin).toEqual({ status: 'found', adminMetadata: dataset.content.adminMetadata, eTag: expect.any(String) });
      if (admin.status !== 'found') throw new Error('unreachable');
      const read = await reader.readDataset(location, admin.adminMetadata);
      if (read.status !== 'dataset') throw new Error(`expected a dataset, got ${JSON.stringify(read)}`);
      return { ...read.content, tags: [...read.content.tags].sort(compareKeys) };
    };

    test('reads a frozen dataset under a prefix exactly', async () => {
      const dataset = await written({ items: [{ relpath: 'tiny.png', content: new Uint8Array(965).fill(7) }, { relpath: 'b/c.txt', content: 'c\n' }] });
      expect(await readFully(dataset)).toEqual(dataset.content);
    });

    test('reads a frozen dataset at the top level of the bucket (empty prefix)', async () => {
      const dataset = await written({ prefix: '' });
      expect(await readFully(dataset)).toEqual(dataset.content);
    });

    test('reads tags and annotations of any JSON value', async () => {
      const annotations = { project: 'alpha', count: 3, ratio: 0.25, flags: [true, false, null], owner: { name: 'Jürgen ✓', ids: [1, 2] } };
      const dataset = await written({ tags: ['zeta', 'raw-data', 'alpha', 'ünïcode'], annotations });
      const content = await readFully(dataset);
      expect(content).toEqual(dataset.content);
      expect(content.tags).toEqual(['alpha', 'raw-data', 'zeta', 'ünïcode']);
      expect(content.annotations).toEqual(annotations);
    });

    test('finds the prefix through the registration key when the location has none', async () => {
      const dataset = await written({ prefix: 'u/Jürgen Müller/projects/' });
      expect(await readFully(dataset, false)).toEqual(dataset.content);
    });

    test('reports gone when the location has no prefix and the registration key is missing', async () => {
      const dataset = build();
      await write(dataset.objects.filter((object) => object.key !== registrationKey(dataset.uuid)));
      const location = datasetLocation(dataset, baseUri, { withPrefix: false });
      expect(await reader.readAdminMetadata(location)).toEqual({ status: 'gone' });
      expect(await reader.readDataset(location, dataset.content.adminMetadata)).toEqual({ status: 'gone' });
    });

    test('finds a protodataset with type protodataset', async () => {
      const dataset = await written({ frozen: false });
      const admin = await reader.readAdminMetadata(datasetLocation(dataset, baseUri));
      expect(admin).toEqual({ status: 'found', adminMetadata: dataset.content.adminMetadata, eTag: expect.any(String) });
      expect(admin.status === 'found' && admin.adminMetadata.type).toBe('protodataset');
    });

    test.each(['headers', 'body'] as const)('reads admin metadata kept only in the %s, with numeric timestamps', async (adminMetadataIn) => {
      const dataset = await written({ adminMetadataIn, createdAt: 1645632787.071341, frozenAt: 1645632788 });
      const content = await readFully(dataset);
      expect(content).toEqual(dataset.content);
      expect(content.adminMetadata).toMatchObject({ created_at: 1645632787.071341, frozen_at: 1645632788, type: 'dataset' });
    });

    test('reports gone when the dtool object is missing', async () => {
      const dataset = build();
      await write(dataset.objects.filter((object) => object.key !== datasetKey(dataset, 'dtool')));
      expect(await reader.readAdminMetadata(datasetLocation(dataset, baseUri))).toEqual({ status: 'gone' });
    });

    test('fails as unreadable content when the dtool object holds no usable admin metadata', async () => {
      const dataset = build();
      await write([{ key: datasetKey(dataset, 'dtool'), body: 'this is not JSON' }]);
      await expect(reader.readAdminMetadata(datasetLocation(dataset, baseUri))).rejects.toMatchObject({ code: 'unreadable' });
    });

    test('reports not-a-dataset when manifest.json is missing', async () => {
      const dataset = build();
      await write(dataset.objects.filter((object) => object.key !== datasetKey(dataset, 'manifest.json')));
      const read = await reader.readDataset(datasetLocation(dataset, baseUri), dataset.content.adminMetadata);
      expect(read.status).toBe('not-a-dataset');
    });

    test('fails as unreadable content naming the annotation whose JSON is invalid', async () => {
      const dataset = await written({ annotations: { fine: 1 } });
      await write([{ key: datasetKey(dataset, 'annotations/broken-one.json'), body: '{"not": json' }]);
      const read = reader.readDataset(datasetLocation(dataset, baseUri), dataset.content.adminMetadata);
      await expect(read).rejects.toMatchObject({ code: 'unreadable', message: expect.stringContaining('broken-one') });
    });

    test('fails as unreadable content when an annotation is nested past the JSON depth limit', async () => {
      const dataset = await written({ annotations: { fine: 1 } });
      await write([{ key: datasetKey(dataset, 'annotations/deep.json'), body: `${'['.repeat(100_000)}${']'.repeat(100_000)}` }]);
      const read = reader.readDataset(datasetLocation(dataset, baseUri), dataset.content.adminMetadata);
      await expect(read).rejects.toMatchObject({ code: 'unreadable', message: 'annotation "deep" is nested deeper than 64 levels' });
    });

    test('keeps annotations named __proto__ and constructor', async () => {
      const dataset = await written({ annotations: { plain: 1 } });
      await write([
        { key: datasetKey(dataset, 'annotations/__proto__.json'), body: '{"a": 1}' },
        { key: datasetKey(dataset, 'annotations/constructor.json'), body: '"c"' },
      ]);
      const read = await reader.readDataset(datasetLocation(dataset, baseUri), dataset.content.adminMetadata);
      expect(read.status === 'dataset' && Object.entries(read.content.annotations).sort()).toEqual([
        ['__proto__', { a: 1 }],
        ['constructor', 'c'],
        ['plain', 1],
      ]);
    });

    test('reports the ETags S3 notifications carry: the MD5 of README, manifest and each annotation', async () => {
      const dataset = await written({ annotations: { project: 'alpha', run: 7 } });
      const location = datasetLocation(dataset, baseUri);
      const read = await reader.readDataset(location, dataset.content.adminMetadata);
      const md5Of = (key: string): string => {
        const object = dataset.objects.findLast((candidate) => candidate.key === datasetKey(dataset, key));
        return createHash('md5').update(object?.body ?? '').digest('hex');
      };
      expect(read).toMatchObject({
        status: 'dataset',
        eTags: {
          readme: md5Of('README.yml'),
          manifest: md5Of('manifest.json'),
          annotations: { project: md5Of('annotations/project.json'), run: md5Of('annotations/run.json') },
        },
      });
    });

    test('reads a missing README.yml as an empty README', async () => {
      const dataset = build();
      await write(dataset.objects.filter((object) => object.key !== datasetKey(dataset, 'README.yml')));
      expect(await readFully(dataset)).toEqual({ ...dataset.content, readme: '' });
    });

    test('reads the current README, tags and annotations after they change', async () => {
      const dataset = await written({ tags: ['first'] });
      await readFully(dataset);
      await write([readmeObject(dataset, 'description: changed\n'), tagObject(dataset, 'second'), annotationObject(dataset, 'added', { ok: true })]);
      expect(await readFully(dataset)).toEqual({ ...dataset.content, readme: 'description: changed\n', tags: ['first', 'second'], annotations: { added: { ok: true } } });
    });

    test('reads from listings alone the fingerprint a full read gives, and sees every later change', async () => {
      const dataset = await written({ tags: ['first'], annotations: { project: 'alpha' }, items: 30 });
      const location = datasetLocation(dataset, baseUri);
      const fromFullRead = async () => {
        const admin = await reader.readAdminMetadata(location);
        const read = await reader.readDataset(location, dataset.content.adminMetadata);
        if (admin.status !== 'found' || read.status !== 'dataset') throw new Error('expected a dataset');
        return { eTags: { ...read.eTags, dtool: admin.eTag }, tags: [...read.content.tags].sort() };
      };
      const fromListings = async () => {
        const listed = await reader.readFingerprint(location);
        if (listed.status !== 'found') throw new Error(`expected a fingerprint, got ${listed.status}`);
        return { ...listed.fingerprint, tags: [...listed.fingerprint.tags].sort() };
      };
      const before = await fromListings();
      expect(before).toEqual(await fromFullRead());
      await write([readmeObject(dataset, 'description: changed\n'), tagObject(dataset, 'second'), annotationObject(dataset, 'added', { ok: true })]);
      const after = await fromListings();
      expect(after).toEqual(await fromFullRead());
      expect(after.eTags.readme).not.toBe(before.eTags.readme);
      expect(after.tags).toEqual(['first', 'second']);
      expect(Object.keys(after.eTags.annotations).sort()).toEqual(['added', 'project']);
    });

    test('reads a fingerprint without tags or annotations, and gone without the dtool object', async () => {
      const plain = await written();
      const listed = await reader.readFingerprint(datasetLocation(plain, baseUri, { withPrefix: false }));
      expect(listed).toEqual({ status: 'found', fingerprint: { eTags: expect.objectContaining({ annotations: {} }), tags: [] } });
      const unfinished = build();
      await write(unfinished.objects.filter((object) => object.key !== datasetKey(unfinished, 'dtool')));
      expect(await reader.readFingerprint(datasetLocation(unfinished, baseUri))).toEqual({ status: 'gone' });
    });

    test('lists the fingerprints of a whole prefix in uuid order, each as the listing of its dataset alone gives it', async () => {
      const prefix = `u/listed-${randomUUID().slice(0, 8)}/`;
      const datasets = await Promise.all([
        written({ prefix }),
        written({ prefix, tags: ['raw', 'second'], annotations: { project: 'p', count: 2 } }),
        written({ prefix, items: 5, tags: ['only'] }),
        written({ prefix: `${prefix}nested/` }),
      ]);
      const unfinished = build({ prefix });
      await write(unfinished.objects.filter((object) => object.key !== datasetKey(unfinished, 'dtool')));
      const direct = datasets.filter((dataset) => dataset.prefix === prefix).sort((a, b) => compareKeys(a.uuid, b.uuid));
      const sorted = (fingerprint: { tags: readonly string[] }) => ({ ...fingerprint, tags: [...fingerprint.tags].sort() });
      const listed = [];
      for await (const entry of reader.listFingerprints(bucket, prefix)) listed.push({ uuid: entry.uuid, fingerprint: sorted(entry.fingerprint) });
      const alone = [];
      for (const dataset of direct) {
        const one = await reader.readFingerprint(datasetLocation(dataset, baseUri));
        if (one.status !== 'found') throw new Error(`expected a fingerprint, got ${one.status}`);
        alone.push({ uuid: dataset.uuid, fingerprint: sorted(one.fingerprint) });
      }
      expect(listed).toEqual(alone);
      const [, second] = direct;
      const from = [];
      for await (const entry of reader.listFingerprints(bucket, prefix, second?.uuid)) from.push(entry.uuid);
      expect(from).toEqual(direct.slice(1).map((dataset) => dataset.uuid));
    });

    test('counts the registered datasets', async () => {
      const before = await reader.countDatasets(bucket);
      await Promise.all([written({ prefix: '' }), written({ prefix: 'u/alice/' })]);
      await write([{ key: `u/carol/${registrationKey(randomUUID())}`, body: 'u/carol/' }]);
      expect(await reader.countDatasets(bucket)).toBe(before + 2);
    });

    test('lists exactly the registered datasets with their prefixes', async () => {
      const registered = await Promise.all([written({ prefix: '' }), written({ prefix: 'u/alice/' }), written({ prefix: 'u/bob/deep/' })]);
      const unregistered = build();
      await write(unregistered.objects.filter((object) => object.key !== registrationKey(unregistered.uuid)));
      const nested = randomUUID();
      await write([{ key: `u/carol/${registrationKey(nested)}`, body: 'u/carol/' }]);
      const mine = new Set([...registered.map((dataset) => dataset.uuid), unregistered.uuid, nested]);
      const listed: ListedDataset[] = [];
      for await (const dataset of reader.listDatasets(bucket)) if (mine.has(dataset.uuid)) listed.push(dataset);
      const byUuid = (a: ListedDataset, b: ListedDataset): number => compareKeys(a.uuid, b.uuid);
      expect(listed.sort(byUuid)).toEqual(registered.map((dataset) => ({ uuid: dataset.uuid, prefix: dataset.prefix })).sort(byUuid));
    });

    test('reads where the registration key places a dataset, and reports none for a uuid without one', async () => {
      const dataset = await written({ prefix: 'u/registered/' });
      expect(await reader.readRegistration(bucket, dataset.uuid)).toEqual({ source: 'registration-key', prefix: 'u/registered/' });
      expect(await reader.readRegistration(bucket, randomUUID())).toEqual({ source: 'none' });
    });
  });
}

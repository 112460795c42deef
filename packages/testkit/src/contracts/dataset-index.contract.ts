import { randomUUID } from 'node:crypto';
import type { DatasetDocument, DatasetIndex } from '@dtool-notify/domain';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildDataset, type BuildDatasetOptions } from '../builders/build-dataset.js';
import { expectedDocument } from '../builders/expected-document.js';

/** A {@link DatasetIndex} under test and how to clean up after it. */
export interface DatasetIndexUnderTest {
  readonly index: DatasetIndex;
  readonly cleanup?: () => Promise<void>;
  /** Makes a new base URI usable before a test writes under it (dserver: registered, with permissions). */
  readonly prepareBaseUri?: (baseUri: string) => Promise<void>;
}

/** Creates the index for one contract test (it may be shared: every test uses its own base URIs). */
export type DatasetIndexFactory = () => Promise<DatasetIndexUnderTest>;

/** What an index keeps of a document, when not all of it. */
export interface DatasetIndexContractOptions {
  /**
   * The document as the index gives it back after an upsert (default: the document itself).
   * dserver, for one, keeps only the fields of its registration schema.
   */
  readonly keptForm?: (document: DatasetDocument) => DatasetDocument;
  /**
   * Whether a README stored as parsed YAML (the legacy layout) is kept (default `true`); when
   * not, upserting one must fail permanently and store nothing.
   */
  readonly keepsParsedYamlReadme?: boolean;
  /** Whether the fingerprint passed to `upsert` is stored and read back (default `true`; dserver keeps none). */
  readonly storesFingerprints?: boolean;
}


function sampleDocument(baseUri: string, options: Partial<BuildDatasetOptions> = {}): DatasetDocument {
  const dataset = buildDataset({
    bucket: 'contract',
    createdAt: 1645632787.071341,
    frozenAt: 1645632787.618523,
    readme: '---\ndescription: contract dataset\nowners:\n  - name: Jürgen\n',
    items: [
      { relpath: 'results/run.1.2/données ü ✓ 🚀.csv', content: 'a,b\n1,2\n' },
      { relpath: '.hidden.file.tar.gz', content: new Uint8Array([0, 1, 2, 255]) },
    ],
    tags: ['raw-data', 'ünïcode'],
    annotations: { project: 'alpha', nested: { depth: { list: [1, 2.5, 'x', null, true] } }, count: 3 },
    ...options,
  });
  return expectedDocument(dataset, baseUri);
}

/**
 * The behaviour every {@link DatasetIndex} adapter must show: documents round-trip exactly
 * (dates as dates), upserts replace atomically, deletes say whether something was there.
 */
export function describeDatasetIndexContract(name: string, factory: DatasetIndexFactory, options: DatasetIndexContractOptions = {}): void {
  const kept = options.keptForm ?? ((document: DatasetDocument) => document);
  describe(`DatasetIndex contract: ${name}`, () => {
    let subject: DatasetIndexUnderTest | undefined;
    let index: DatasetIndex;
    /** A base URI no other test uses, so suites can share one collection. */
    const freshBaseUri = async (): Promise<string> => {
      const baseUri = `s3://contract-${randomUUID().slice(0, 13)}`;
      await subject?.prepareBaseUri?.(baseUri);
      return baseUri;
    };
    beforeEach(async () => {
      subject = await factory();
      index = subject.index;
    });
    afterEach(async () => {
      // Optional chaining: when the factory failed there is nothing to clean up.
      await subject?.cleanup?.();
      subject = undefined;
    });

    test('finds an upserted document by uri, equal to it with dates as dates', async () => {
      const document = sampleDocument(await freshBaseUri());
      await index.upsert(document);
      const found = await index.findByUri(document.uri);
      expect(found).toEqual(kept(document));
      expect(found?.created_at).toBeInstanceOf(Date);
      expect(found?.frozen_at).toBeInstanceOf(Date);
      expect(found?.frozen_at.getTime()).toBe(1645632787618);
    });

    test('finds an upserted document by base uri and uuid', async () => {
      const document = sampleDocument(await freshBaseUri());
      await index.upsert(document);
      expect(await index.findByBaseUriAndUuid(document.base_uri, document.uuid)).toEqual(kept(document));
    });

    test('finds nothing for an unknown uri, or for a known uuid under another base uri', async () => {
      const document = sampleDocument(await freshBaseUri());
      await index.upsert(document);
      expect(await index.findByUri(`${document.uri}0`)).toBeUndefined();
      expect(await index.findByBaseUriAndUuid((await freshBaseUri()), document.uuid)).toBeUndefined();
    });

    test('keeps relpaths with dots and unicode, nested annotations and further admin metadata keys', async () => {
      const document = { ...sampleDocument(await freshBaseUri()), custom_key: { note: 'kept', values: [1, 2] } };
      await index.upsert(document);
      const found = await index.findByUri(document.uri);
      expect(found).toEqual(kept(document));
      expect(Object.values(found?.manifest.items ?? {}).map((item) => item.relpath).sort()).toEqual([
        '.hidden.file.tar.gz',
        'results/run.1.2/données ü ✓ 🚀.csv',
      ]);
    });

    if (options.keepsParsedYamlReadme === false) {
      test('refuses a README stored as parsed YAML (the legacy layout) as a permanent failure, storing nothing', async () => {
        const dataset = buildDataset({ bucket: 'contract', readme: 'description: legacy\nitems: [1, 2]\n' });
        const document = expectedDocument(dataset, (await freshBaseUri()), { readmeLayout: 'parsed-yaml' });
        await expect(index.upsert(document)).rejects.toMatchObject({ name: 'DtoolNotifyError', code: 'permanent' });
        expect(await index.exists(document.uri)).toBe(false);
      });
    } else {
      test('keeps a README stored as parsed YAML (the legacy layout)', async () => {
        const dataset = buildDataset({ bucket: 'contract', readme: 'description: legacy\nitems: [1, 2]\n' });
        const document = expectedDocument(dataset, (await freshBaseUri()), { readmeLayout: 'parsed-yaml' });
        await index.upsert(document);
        expect((await index.findByUri(document.uri))?.readme).toEqual({ description: 'legacy', items: [1, 2] });
      });
    }

    test('replaces the document when the same uri is upserted again', async () => {
      const baseUri = await freshBaseUri();
      const first = sampleDocument(baseUri);
      const second = { ...first, name: 'renamed', tags: ['new-tag'], annotations: {}, readme: 'changed' };
      await index.upsert(first);
      await index.upsert(second);
      expect(await index.findByUri(first.uri)).toEqual(kept(second));
      expect(await index.listUris(baseUri)).toEqual([first.uri]);
    });

    test('leaves exactly one document after 50 concurrent upserts of one uri', async () => {
      const baseUri = await freshBaseUri();
      const first = sampleDocument(baseUri);
      const versions = Array.from({ length: 50 }, (_, version) => ({ ...first, name: `version-${version}` }));
      await Promise.all(versions.map((version) => index.upsert(version)));
      expect(await index.listUris(baseUri)).toEqual([first.uri]);
      const found = await index.findByUri(first.uri);
      expect(versions.map((version) => version.name)).toContain(found?.name);
      const winner = versions.find((version) => version.name === found?.name);
      expect(found).toEqual(winner === undefined ? undefined : kept(winner));
    });

    test('says whether a document exists, without confusing similar uris', async () => {
      const document = sampleDocument(await freshBaseUri());
      expect(await index.exists(document.uri)).toBe(false);
      await index.upsert(document);
      expect(await index.exists(document.uri)).toBe(true);
      expect(await index.exists(`${document.uri}0`)).toBe(false);
      expect(await index.exists(document.uri.slice(0, -1))).toBe(false);
    });

    test('deletes an existing document, answering true', async () => {
      const document = sampleDocument(await freshBaseUri());
      await index.upsert(document);
      expect(await index.deleteByUri(document.uri)).toBe(true);
      expect(await index.exists(document.uri)).toBe(false);
      expect(await index.findByUri(document.uri)).toBeUndefined();
      expect(await index.listUris(document.base_uri)).toEqual([]);
    });

    test('answers false when deleting a document that does not exist', async () => {
      expect(await index.deleteByUri(`${(await freshBaseUri())}/${randomUUID()}`)).toBe(false);
    });

    test('lists the uris under exactly one base uri', async () => {
      const baseUri = await freshBaseUri();
      const similar = `${baseUri}-other`;
      await subject?.prepareBaseUri?.(similar);
      const mine = [sampleDocument(baseUri), sampleDocument(baseUri)];
      await Promise.all([...mine, sampleDocument(similar)].map((document) => index.upsert(document)));
      expect((await index.listUris(baseUri)).sort()).toEqual(mine.map((document) => document.uri).sort());
      expect(await index.listUris(await freshBaseUri())).toEqual([]);
    });

    test('reads the fingerprint stored with each document of a base uri, none for a document upserted without one', async () => {
      const baseUri = await freshBaseUri();
      const similar = `${baseUri}-other`;
      await subject?.prepareBaseUri?.(similar);
      const [marked, plain, replaced] = [sampleDocument(baseUri), sampleDocument(baseUri), sampleDocument(baseUri)];
      await index.upsert(marked!, { fingerprint: 'fp-1' });
      await index.upsert(plain!);
      await index.upsert(replaced!, { fingerprint: 'fp-old' });
      await index.upsert(replaced!);
      await index.upsert(sampleDocument(similar), { fingerprint: 'elsewhere' });
      const fingerprints = await index.readFingerprints(baseUri);
      const stored = options.storesFingerprints === false ? undefined : 'fp-1';
      expect(new Map([...fingerprints].sort())).toEqual(
        new Map([[marked!.uri, stored], [plain!.uri, undefined], [replaced!.uri, undefined]].sort() as [string, string | undefined][]),
      );
      expect(await index.findByUri(marked!.uri)).toEqual(kept(marked!));
    });

    test('upserts documents expected to be new, in a burst, and still replaces one that exists', async () => {
      const baseUri = await freshBaseUri();
      const fresh = Array.from({ length: 30 }, () => sampleDocument(baseUri));
      const existing = sampleDocument(baseUri);
      await index.upsert(existing, { fingerprint: 'old' });
      const newer = { ...existing, name: 'newer' };
      await Promise.all([...fresh, newer].map((document, position) => index.upsert(document, { fingerprint: `fp-${position}`, expectNew: true })));
      expect((await index.listUris(baseUri)).sort()).toEqual([...fresh, existing].map((document) => document.uri).sort());
      expect(await index.findByUri(existing.uri)).toEqual(kept(newer));
      expect((await index.readFingerprints(baseUri)).get(existing.uri)).toBe(options.storesFingerprints === false ? undefined : `fp-${fresh.length}`);
      expect(await index.findByUri(fresh[7]!.uri)).toEqual(kept(fresh[7]!));
    });

    test('records each new sync ticket as the latest of its uri, apart from every other uri', async () => {
      const uri = `${await freshBaseUri()}/${randomUUID()}`;
      expect(await index.latestSyncTicket(uri)).toBeUndefined();
      const first = await index.takeSyncTicket(uri);
      expect(await index.latestSyncTicket(uri)).toBe(first);
      const second = await index.takeSyncTicket(uri);
      expect(second).not.toBe(first);
      expect(await index.latestSyncTicket(uri)).toBe(second);
      expect(await index.latestSyncTicket(`${uri}0`)).toBeUndefined();
    });

    test('takes the sync tickets of several uris at once, each the latest of its uri, replacing tickets already there', async () => {
      const baseUri = await freshBaseUri();
      const [known, ...fresh] = Array.from({ length: 5 }, () => `${baseUri}/${randomUUID()}`) as [string, ...string[]];
      const before = await index.takeSyncTicket(known);
      const taken = await index.takeSyncTickets([known, ...fresh]);
      expect([...taken.keys()].sort()).toEqual([known, ...fresh].sort());
      expect(new Set([...taken.values(), before]).size).toBe(6);
      const unknown = `${baseUri}/${randomUUID()}`;
      const latest = await index.latestSyncTickets([known, ...fresh, unknown]);
      for (const uri of [known, ...fresh]) {
        expect(latest.get(uri)).toBe(taken.get(uri));
        expect(await index.latestSyncTicket(uri)).toBe(taken.get(uri));
      }
      expect(latest.has(unknown)).toBe(false);
      expect(await index.takeSyncTickets([])).toEqual(new Map());
    });

    test('hands 30 concurrent callers 30 different sync tickets, one of which ends up the latest', async () => {
      const uri = `${await freshBaseUri()}/${randomUUID()}`;
      const tickets = await Promise.all(Array.from({ length: 30 }, () => index.takeSyncTicket(uri)));
      expect(new Set(tickets).size).toBe(30);
      expect(tickets).toContain(await index.latestSyncTicket(uri));
    });

    test('forgets a released sync ticket that is still the latest, keeps one taken since, and hands out a new one after', async () => {
      const baseUri = await freshBaseUri();
      const [done, overtaken, other] = Array.from({ length: 3 }, () => `${baseUri}/${randomUUID()}`) as [string, string, string];
      const taken = await index.takeSyncTickets([done, overtaken, other]);
      const newer = await index.takeSyncTicket(overtaken);
      await index.releaseSyncTickets(new Map([done, overtaken].map((uri) => [uri, taken.get(uri) ?? ''])));
      expect(await index.latestSyncTicket(done)).toBeUndefined();
      expect(await index.latestSyncTicket(overtaken)).toBe(newer);
      expect(await index.latestSyncTicket(other)).toBe(taken.get(other));
      const again = await index.takeSyncTicket(done);
      expect(again).not.toBe(taken.get(done));
      expect(await index.latestSyncTicket(done)).toBe(again);
      await index.releaseSyncTickets(new Map());
    });

    test('keeps the latest sync ticket of a uri whose document was deleted', async () => {
      const document = sampleDocument(await freshBaseUri());
      const ticket = await index.takeSyncTicket(document.uri);
      await index.upsert(document);
      await index.deleteByUri(document.uri);
      expect(await index.latestSyncTicket(document.uri)).toBe(ticket);
      // The tickets are not documents: dserver's collection holds none of them.
      expect(await index.listUris(document.base_uri)).toEqual([]);
    });
  });
}

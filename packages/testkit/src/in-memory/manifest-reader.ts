import {
  datasetDirectoryKey,
  registrationKeyUuid,
  parseAdminMetadata,
  parseAdminMetadataJson,
  parseAnnotationJson,
  parseManifestJson,
  unreadableError,
  type AdminMetadataResult,
  type DatasetLocation,
  type ListedDataset,
  type ListedFingerprint,
  type ManifestReader,
  type Registration,
} from '@dtool-notify/domain';
import { createRequestGate, type BeforeRequest, type FailureInjection } from './failure-injection.js';
import type { ObjectStore } from './object-store.js';

/** A request the reader is about to make of the store (`key` is the prefix for a list). */
export interface StoreRequest {
  readonly operation: 'get' | 'head' | 'list';
  readonly bucket: string;
  readonly key: string;
}

/** Options of {@link createInMemoryManifestReader}. */
export interface InMemoryManifestReaderOptions {
  /** Runs before each store request: delay it (return a promise) or fail it (throw). */
  readonly beforeRequest?: BeforeRequest<StoreRequest>;
  /** Bucket → its configured dataset prefix (`DTOOL_S3_DATASET_PREFIX_<bucket>`). */
  readonly datasetPrefixes?: Readonly<Record<string, string>>;
}

/** What the reader has done so far. */
export interface ManifestReaderCounts {
  readonly adminMetadataReads: number;
  readonly datasetReads: number;
  /** Store requests made by this reader, failed ones included. */
  readonly requests: number;
}

/** A {@link ManifestReader} over an in-memory store, with counters and failure injection. */
export interface InMemoryManifestReader extends ManifestReader, FailureInjection {
  readonly counts: ManifestReaderCounts;
  resetCounts(): void;
}

const decoder = new TextDecoder();

/**
 * Creates a {@link ManifestReader} that reads datasets from an {@link ObjectStore} following
 * dtool-s3's layout and rules, as the S3 adapter does: item counts come from the manifest,
 * `data/` is never listed.
 */
export function createInMemoryManifestReader(store: ObjectStore, options: InMemoryManifestReaderOptions = {}): InMemoryManifestReader {
  let counts: ManifestReaderCounts = { adminMetadataReads: 0, datasetReads: 0, requests: 0 };
  const gate = createRequestGate(options.beforeRequest, (request: StoreRequest) => `${request.operation} ${request.bucket}/${request.key}`);
  const pass = async (operation: StoreRequest['operation'], bucket: string, key: string): Promise<void> => {
    counts = { ...counts, requests: counts.requests + 1 };
    await gate.pass({ operation, bucket, key });
  };
  const getObject = async (bucket: string, key: string): Promise<{ text: string; eTag: string } | undefined> => {
    await pass('get', bucket, key);
    const object = await store.get(bucket, key);
    return object === undefined ? undefined : { text: decoder.decode(object.body), eTag: object.eTag };
  };
  const getText = async (bucket: string, key: string): Promise<string | undefined> => (await getObject(bucket, key))?.text;
  async function* listKeys(bucket: string, prefix: string, delimiter?: string): AsyncGenerator<string> {
    let continuationToken: string | undefined;
    do {
      await pass('list', bucket, prefix);
      const page = await store.list(bucket, prefix, {
        ...(delimiter === undefined ? {} : { delimiter }),
        ...(continuationToken === undefined ? {} : { continuationToken }),
      });
      for (const object of page.objects) yield object.key;
      continuationToken = page.nextContinuationToken;
    } while (continuationToken !== undefined);
  }
  const readRegistration = async (bucket: string, uuid: string): Promise<Registration> => {
    const registered = await getText(bucket, `dtool-${uuid}`);
    if (registered !== undefined) return { source: 'registration-key', prefix: registered };
    const configured = Object.hasOwn(options.datasetPrefixes ?? {}, bucket) ? options.datasetPrefixes?.[bucket] : undefined;
    return configured === undefined ? { source: 'none' } : { source: 'configured-prefix', prefix: configured };
  };
  const prefixOf = async (location: DatasetLocation): Promise<string | undefined> => {
    if (location.prefix !== undefined) return location.prefix;
    const registration = await readRegistration(location.bucket, location.uuid);
    return registration.source === 'none' ? undefined : registration.prefix;
  };

  const readAdminMetadata = async (location: DatasetLocation): Promise<AdminMetadataResult> => {
    counts = { ...counts, adminMetadataReads: counts.adminMetadataReads + 1 };
    const prefix = await prefixOf(location);
    if (prefix === undefined) return { status: 'gone' };
    const key = `${prefix}${location.uuid}/dtool`;
    await pass('head', location.bucket, key);
    const head = await store.head(location.bucket, key);
    if (head === undefined) return { status: 'gone' };
    // Presigned uploads drop user metadata, so an empty set means "look at the body".
    const fromMetadata = Object.keys(head.metadata).length > 0 ? parseAdminMetadata(head.metadata) : undefined;
    if (fromMetadata?.ok === true) return { status: 'found', adminMetadata: fromMetadata.value, eTag: head.eTag };
    const body = await getText(location.bucket, key);
    if (body === undefined) return { status: 'gone' };
    const fromBody = body.trim() === '' ? { ok: false as const, reason: 'admin metadata body is empty' } : parseAdminMetadataJson(body);
    if (fromBody.ok) return { status: 'found', adminMetadata: fromBody.value, eTag: head.eTag };
    const reason = fromMetadata === undefined ? fromBody.reason : `${fromMetadata.reason} (user metadata); ${fromBody.reason} (body)`;
    throw unreadableError(reason);
  };

  const reader: InMemoryManifestReader = {
    readRegistration,
    readAdminMetadata,
    async readDataset(location, adminMetadata) {
      counts = { ...counts, datasetReads: counts.datasetReads + 1 };
      const prefix = await prefixOf(location);
      if (prefix === undefined) return { status: 'gone' };
      const base = `${prefix}${location.uuid}/`;
      const readme = await getObject(location.bucket, `${base}README.yml`);
      const manifestObject = await getObject(location.bucket, `${base}manifest.json`);
      if (manifestObject === undefined) return { status: 'not-a-dataset', reason: 'manifest.json is missing' };
      const manifest = parseManifestJson(manifestObject.text);
      if (!manifest.ok) throw unreadableError(manifest.reason);
      const tags: string[] = [];
      for await (const key of listKeys(location.bucket, `${base}tags/`)) {
        const tag = key.slice(key.lastIndexOf('/') + 1);
        if (tag !== '') tags.push(tag);
      }
      const annotations: Record<string, unknown> = {};
      const annotationETags: Record<string, string> = {};
      for await (const key of listKeys(location.bucket, `${base}annotations/`)) {
        const file = key.slice(`${base}annotations/`.length);
        if (file.includes('/') || !file.endsWith('.json') || file === '.json') continue;
        const name = file.slice(0, -'.json'.length);
        const object = await getObject(location.bucket, key);
        if (object === undefined) continue;
        const annotation = parseAnnotationJson(name, object.text);
        if (!annotation.ok) throw unreadableError(annotation.reason);
        // defineProperty: an annotation named `__proto__` is data, not the prototype.
        Object.defineProperty(annotations, name, { value: annotation.value, enumerable: true, writable: true, configurable: true });
        annotationETags[name] = object.eTag;
      }
      return {
        status: 'dataset',
        content: { adminMetadata, readme: readme?.text ?? '', manifest: manifest.value, tags, annotations },
        eTags: { ...(readme === undefined ? {} : { readme: readme.eTag }), manifest: manifestObject.eTag, annotations: annotationETags },
      };
    },
    async countDatasets(bucket) {
      let count = 0;
      for await (const key of listKeys(bucket, 'dtool-', '/')) if (registrationKeyUuid(key) !== undefined) count += 1;
      return count;
    },
    async readFingerprint(location) {
      const prefix = await prefixOf(location);
      if (prefix === undefined) return { status: 'gone' };
      const base = `${prefix}${location.uuid}/`;
      const eTagOf = async (key: string): Promise<string | undefined> => {
        await pass('head', location.bucket, key);
        return (await store.head(location.bucket, key))?.eTag;
      };
      const dtool = await eTagOf(`${base}dtool`);
      if (dtool === undefined) return { status: 'gone' };
      const readme = await eTagOf(`${base}README.yml`);
      const manifest = await eTagOf(`${base}manifest.json`);
      const tags: string[] = [];
      for await (const key of listKeys(location.bucket, `${base}tags/`)) if (!key.endsWith('/')) tags.push(key.slice(key.lastIndexOf('/') + 1));
      const annotations: Record<string, string> = {};
      for await (const key of listKeys(location.bucket, `${base}annotations/`)) {
        const file = key.slice(`${base}annotations/`.length);
        if (file.includes('/') || !file.endsWith('.json') || file === '.json') continue;
        const eTag = await eTagOf(key);
        if (eTag !== undefined) annotations[file.slice(0, -'.json'.length)] = eTag;
      }
      const eTags = { dtool, ...(readme === undefined ? {} : { readme }), ...(manifest === undefined ? {} : { manifest }), annotations };
      return { status: 'found', fingerprint: { eTags, tags } };
    },
    async *listFingerprints(bucket, prefix, fromUuid): AsyncGenerator<ListedFingerprint> {
      // The S3 reader's order and result, not its economy: each dataset is looked at alone.
      const uuids = new Set<string>();
      for await (const key of listKeys(bucket, prefix)) {
        const uuid = datasetDirectoryKey(key.slice(prefix.length))?.uuid;
        if (uuid !== undefined && (fromUuid === undefined || uuid >= fromUuid)) uuids.add(uuid);
      }
      for (const uuid of [...uuids].sort()) {
        const listed = await reader.readFingerprint({ bucket, baseUri: '', uuid, prefix });
        if (listed.status === 'found') yield { uuid, fingerprint: listed.fingerprint };
      }
    },
    async *listDatasets(bucket): AsyncGenerator<ListedDataset> {
      for await (const key of listKeys(bucket, 'dtool-', '/')) {
        const uuid = registrationKeyUuid(key);
        if (uuid === undefined) continue;
        const prefix = await getText(bucket, key);
        if (prefix !== undefined) yield { uuid, prefix };
      }
    },
    failNext: (count, error) => gate.failNext(count, error),
    get counts() {
      return counts;
    },
    resetCounts() {
      counts = { adminMetadataReads: 0, datasetReads: 0, requests: 0 };
    },
  };
  return reader;
}

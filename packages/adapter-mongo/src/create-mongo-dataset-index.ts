import { MongoClient, ObjectId, type Collection, type Db } from 'mongodb';
import { DtoolNotifyError, permanentError, silentLogger, type DatasetDocument } from '@dtool-notify/domain';
import { MAX_DOCUMENT_BYTES, storedDocumentSize } from './document-size.js';
import { classifyMongoError, isDuplicateKey, toNotifyError, type FailedOperation } from './map-mongo-error.js';
import type { MongoDatasetIndex, MongoDatasetIndexOptions } from './mongo-dataset-index.js';
import { redactMongoUri } from './redact-mongo-uri.js';
import { toStoredDocument } from './stored-document.js';
import { DEFAULT_TICKET_COLLECTION, syncTicketsIn, type TicketDocument } from './sync-tickets.js';
import { findUnstorableValue, readServerInfo } from './server-info.js';
import { createInsertBatcher } from './insert-batcher.js';

/** Where a document keeps the fingerprint it was built from (dserver's schemas list their fields, so it never shows). */
export const FINGERPRINT_KEY = '_dtool_notify_fingerprint';

/** Documents read back as the domain knows them: without `_id` and our fingerprint. */
const AS_DOCUMENT = { projection: { _id: 0, [FINGERPRINT_KEY]: 0 } } as const;

/** A stored document: ours have their URI as `_id`; others may carry an ObjectId. */
type StoredDocument = { _id: string | ObjectId } & Record<string, unknown>;

/** Learns which server it is, creates the indexes (`createIndex` is idempotent) and, if asked, adopts older documents. */
async function startUp(db: Db, collectionName: string, adopt: boolean) {
  const collection = db.collection<StoredDocument>(collectionName);
  const server = await readServerInfo(db);
  await collection.createIndex({ uri: 1 }, { unique: true });
  await collection.createIndex({ base_uri: 1, uuid: 1 });
  let adopted = 0;
  if (adopt) {
    for await (const document of collection.find({ _id: { $type: 'objectId' }, uri: { $type: 'string' } })) {
      if (await adoptDocument(collection, document)) adopted += 1;
    }
  }
  return { db, collection, server, adopted };
}

/**
 * Our documents use their URI as `_id`: a look-up by `_id` is indexed on every
 * MongoDB-protocol server (FerretDB's SQLite backend scans the whole collection for any
 * other filter). A document written before, e.g. by dserver's own registration with an
 * ObjectId, is re-keyed: at start-up (all of them; one scan of the collection on FerretDB) or
 * by the once-per-sync pass over a base URI (those of that base URI, at no extra scan).
 */
export async function adoptDocument(collection: Collection<StoredDocument>, document: StoredDocument): Promise<boolean> {
  const { _id, ...rest } = document;
  // Only the instance that removed it writes it back, and never over a document written under
  // the URI meanwhile (by a sync or `serve`): that one is newer. Says whether it re-keyed it.
  const { deletedCount } = await collection.deleteOne({ _id });
  if (deletedCount !== 1) return false;
  try {
    await collection.insertOne({ ...rest, _id: rest['uri'] as string });
    return true;
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return false;
  }
}

/** A document keyed otherwise: an ObjectId `_id` (how dserver registers) and a URI. */
const isKeyedOtherwise = (document: { readonly _id: unknown; readonly uri?: unknown }): boolean =>
  document._id instanceof ObjectId && typeof document.uri === 'string';

/**
 * Connects to MongoDB (or FerretDB), makes sure the unique index on `uri` and the index on
 * (`base_uri`, `uuid`) exist, and returns the index. Fails with a `DtoolNotifyError`
 * (`retryable` when the server is unreachable) after closing what it opened.
 */
export async function createMongoDatasetIndex(options: MongoDatasetIndexOptions): Promise<MongoDatasetIndex> {
  const logger = options.logger ?? silentLogger;
  const ownsClient = !('client' in options);
  const database = options.database ?? 'dtool_info';
  const collectionName = options.collection ?? 'datasets';
  const ticketCollectionName = options.ticketCollection ?? DEFAULT_TICKET_COLLECTION;
  let client: MongoClient | undefined;
  let startedUp;
  try {
    client =
      'client' in options
        ? options.client
        : new MongoClient(options.uri, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMs ?? 5000, appName: 'dtool-notify' });
    startedUp = await startUp(client.db(database), collectionName, options.adoptAtStartUp !== false);
  } catch (error) {
    if (ownsClient) await client?.close().catch(() => undefined);
    throw toNotifyError(error, { action: `start-up (connecting and creating the indexes of ${database}.${collectionName})` });
  }
  const { db, collection, server, adopted } = startedUp;
  const target = { database, collection: collectionName };
  logger.info(
    { ...target, server: `${server.product} ${server.version}`, adopted, ...('uri' in options ? { uri: redactMongoUri(options.uri) } : {}) },
    'dataset index ready',
  );

  const counts = { writes: 0, reads: 0, duplicateKeyRetries: 0, tickets: 0 };
  const tickets = syncTicketsIn(
    db.collection<TicketDocument>(ticketCollectionName),
    () => {
      counts.tickets += 1;
    },
  );
  const attempt = async <T>(operation: FailedOperation, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toNotifyError(error, operation);
    }
  };
  const stored = (document: DatasetDocument, fingerprint: string | undefined): StoredDocument =>
    ({ ...toStoredDocument(document), ...(fingerprint === undefined ? {} : { [FINGERPRINT_KEY]: fingerprint }) }) as StoredDocument;
  const replace = (document: StoredDocument) => {
    counts.writes += 1;
    return collection.replaceOne({ _id: document._id }, document, { upsert: true });
  };
  // A backfill writes mostly new documents: inserted in batches, they cost no look-up at all
  // (FerretDB's SQLite backend scans the table for every update, even one by _id).
  const inserts = createInsertBatcher(collection, { maxBatch: 100, lingerMs: 5, onBatch: () => (counts.writes += 1) });

  return {
    server,
    upsert: (document, options = {}) =>
      attempt({ action: 'upsert', uri: document.uri, document }, async () => {
        const size = storedDocumentSize(document);
        if (size > MAX_DOCUMENT_BYTES) {
          throw new DtoolNotifyError(
            'too-large',
            `dataset ${document.uri} is too large for MongoDB: its document is ${size} bytes as BSON, the limit is ${MAX_DOCUMENT_BYTES}`,
          );
        }
        const unstorable = findUnstorableValue(document, server);
        if (unstorable !== undefined) {
          throw permanentError(`${server.product} cannot store the document of ${document.uri}: ${unstorable} is not a finite number`);
        }
        const written = stored(document, options.fingerprint);
        if (options.expectNew === true && (await inserts.insert(written))) return;
        try {
          await replace(written);
        } catch (error) {
          // Two upserts of a new URI can both miss and both insert; the loser's retry replaces.
          // A document of the same URI under another _id (registered meanwhile by another
          // writer) is replaced by ours.
          if (classifyMongoError(error) !== 'duplicate-key') throw error;
          counts.duplicateKeyRetries += 1;
          logger.debug({ uri: document.uri }, 'upsert raced another writer; replacing again');
          await collection.deleteMany({ uri: document.uri, _id: { $ne: document.uri } });
          await replace(written);
        }
      }),
    deleteByUri: (uri) =>
      attempt({ action: 'delete', uri }, async () => {
        counts.writes += 1;
        // By _id first (indexed everywhere); a document keyed otherwise only if there was none.
        if ((await collection.deleteOne({ _id: uri })).deletedCount > 0) return true;
        return (await collection.deleteMany({ uri })).deletedCount > 0;
      }),
    findByUri: (uri) =>
      attempt({ action: 'look-up', uri }, async () => {
        counts.reads += 1;
        // By _id only: every document is keyed by its URI (see adoptDocument).
        return ((await collection.findOne({ _id: uri }, AS_DOCUMENT)) ?? undefined) as DatasetDocument | undefined;
      }),
    exists: (uri) =>
      attempt({ action: 'look-up', uri }, async () => {
        counts.reads += 1;
        // The hot path (every README/manifest/tag event of a dataset not indexed yet): by _id
        // only, as every document is keyed by its URI (see adoptDocument).
        return (await collection.findOne({ _id: uri }, { projection: { _id: 1 } })) !== null;
      }),
    findByBaseUriAndUuid: (baseUri, uuid) =>
      attempt({ action: 'look-up', uri: `${baseUri} (uuid ${uuid})` }, async () => {
        counts.reads += 1;
        return ((await collection.findOne({ base_uri: baseUri, uuid }, AS_DOCUMENT)) ?? undefined) as DatasetDocument | undefined;
      }),
    listUris: (baseUri) =>
      attempt({ action: 'listing', uri: `base URI ${baseUri}` }, async () => {
        counts.reads += 1;
        const found = await collection.find({ base_uri: baseUri }, { projection: { _id: 0, uri: 1 } }).sort({ uri: 1 }).toArray();
        return found.map((document) => String(document['uri']));
      }),
    readFingerprints: (baseUri) =>
      attempt({ action: 'listing', uri: `base URI ${baseUri}` }, async () => {
        counts.reads += 1;
        const fingerprints = new Map<string, string | undefined>();
        const keyedOtherwise: ObjectId[] = [];
        const found = collection.find({ base_uri: baseUri }, { projection: { _id: 1, uri: 1, [FINGERPRINT_KEY]: 1 } });
        for await (const document of found) {
          const fingerprint = document[FINGERPRINT_KEY];
          fingerprints.set(String(document['uri']), typeof fingerprint === 'string' ? fingerprint : undefined);
          if (isKeyedOtherwise(document)) keyedOtherwise.push(document._id as ObjectId);
        }
        for (const _id of keyedOtherwise) {
          const document = await collection.findOne({ _id });
          if (document !== null && isKeyedOtherwise(document)) await adoptDocument(collection, document);
        }
        return fingerprints;
      }),
    ...tickets,
    async checkReadiness() {
      try {
        await db.command({ ping: 1 });
        return { ready: true };
      } catch (error) {
        return { ready: false, reason: toNotifyError(error, { action: 'ping' }).message };
      }
    },
    stats: () => ({ ...counts }),
    async close() {
      if (ownsClient) await client.close();
    },
  };
}

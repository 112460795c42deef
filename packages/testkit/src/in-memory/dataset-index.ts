import type { DatasetDocument, DatasetIndex } from '@dtool-notify/domain';
import { createRequestGate, type BeforeRequest, type FailureInjection } from './failure-injection.js';

/** An index operation about to run (`uri` for upserts, deletes and finds by URI). */
export interface IndexRequest {
  readonly operation: 'upsert' | 'delete' | 'find' | 'list' | 'ticket';
  readonly uri?: string;
}

/** Options of {@link createInMemoryDatasetIndex}. */
export interface InMemoryDatasetIndexOptions {
  /** Runs before each operation: delay it (return a promise) or fail it (throw). */
  readonly beforeRequest?: BeforeRequest<IndexRequest>;
}

/** Operations run so far, failed ones included. */
export interface DatasetIndexCounts {
  readonly upserts: number;
  readonly deletes: number;
  readonly finds: number;
  readonly lists: number;
  /** Sync tickets taken and looked up. */
  readonly tickets: number;
}

/** A {@link DatasetIndex} in memory, with a view of its documents, counters and failure injection. */
export interface InMemoryDatasetIndex extends DatasetIndex, FailureInjection {
  /** Copies of every document, sorted by `uri`. */
  documents(): DatasetDocument[];
  readonly counts: DatasetIndexCounts;
  resetCounts(): void;
}

/**
 * Creates an empty in-memory {@link DatasetIndex}. Documents are deep-copied on the way in
 * and out (dates stay dates), so a test cannot change the index by mutating a document.
 */
export function createInMemoryDatasetIndex(options: InMemoryDatasetIndexOptions = {}): InMemoryDatasetIndex {
  const documents = new Map<string, DatasetDocument>();
  const fingerprints = new Map<string, string>();
  const tickets = new Map<string, string>();
  let ticketsHandedOut = 0;
  let counts: DatasetIndexCounts = zeroCounts();
  const gate = createRequestGate(options.beforeRequest, (request: IndexRequest) =>
    request.uri === undefined ? request.operation : `${request.operation} ${request.uri}`,
  );
  const pass = async (operation: IndexRequest['operation'], counter: keyof DatasetIndexCounts, uri?: string): Promise<void> => {
    counts = { ...counts, [counter]: counts[counter] + 1 };
    await gate.pass(uri === undefined ? { operation } : { operation, uri });
  };
  const copyOf = (document: DatasetDocument | undefined): DatasetDocument | undefined =>
    document === undefined ? undefined : structuredClone(document);

  return {
    async upsert(document, options = {}) {
      await pass('upsert', 'upserts', document.uri);
      documents.set(document.uri, structuredClone(document));
      if (options.fingerprint === undefined) fingerprints.delete(document.uri);
      else fingerprints.set(document.uri, options.fingerprint);
    },
    async deleteByUri(uri) {
      await pass('delete', 'deletes', uri);
      fingerprints.delete(uri);
      return documents.delete(uri);
    },
    async findByUri(uri) {
      await pass('find', 'finds', uri);
      return copyOf(documents.get(uri));
    },
    async exists(uri) {
      await pass('find', 'finds', uri);
      return documents.has(uri);
    },
    async findByBaseUriAndUuid(baseUri, uuid) {
      await pass('find', 'finds');
      return copyOf([...documents.values()].find((document) => document.base_uri === baseUri && document.uuid === uuid));
    },
    async listUris(baseUri) {
      await pass('list', 'lists');
      return [...documents.values()].filter((document) => document.base_uri === baseUri).map((document) => document.uri).sort();
    },
    async readFingerprints(baseUri) {
      await pass('list', 'lists');
      const under = [...documents.values()].filter((document) => document.base_uri === baseUri);
      return new Map(under.map((document) => [document.uri, fingerprints.get(document.uri)]));
    },
    async takeSyncTicket(uri) {
      await pass('ticket', 'tickets', uri);
      ticketsHandedOut += 1;
      const ticket = `ticket-${ticketsHandedOut}`;
      tickets.set(uri, ticket);
      return ticket;
    },
    async latestSyncTicket(uri) {
      await pass('ticket', 'tickets', uri);
      return tickets.get(uri);
    },
    async takeSyncTickets(uris) {
      await pass('ticket', 'tickets', uris.join(' '));
      const taken = new Map<string, string>();
      for (const uri of uris) {
        ticketsHandedOut += 1;
        taken.set(uri, `ticket-${ticketsHandedOut}`);
        tickets.set(uri, `ticket-${ticketsHandedOut}`);
      }
      return taken;
    },
    async latestSyncTickets(uris) {
      await pass('ticket', 'tickets', uris.join(' '));
      return new Map(uris.flatMap((uri) => (tickets.has(uri) ? [[uri, tickets.get(uri) ?? '']] : [])));
    },
    async releaseSyncTickets(released) {
      await pass('ticket', 'tickets', [...released.keys()].join(' '));
      for (const [uri, ticket] of released) if (tickets.get(uri) === ticket) tickets.delete(uri);
    },
    documents() {
      return [...documents.values()]
        .sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))
        .map((document) => structuredClone(document));
    },
    failNext: (count, error) => gate.failNext(count, error),
    get counts() {
      return counts;
    },
    resetCounts() {
      counts = zeroCounts();
    },
  };
}

function zeroCounts(): DatasetIndexCounts {
  return { upserts: 0, deletes: 0, finds: 0, lists: 0, tickets: 0 };
}

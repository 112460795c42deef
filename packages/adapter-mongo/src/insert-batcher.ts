import { MongoBulkWriteError, type Collection, type Document, type OptionalUnlessRequiredId } from 'mongodb';
import { isDuplicateKey } from './map-mongo-error.js';

/** Inserts documents, several callers' at a time. */
export interface InsertBatcher<T extends Document> {
  /** Resolves `true` once inserted, `false` when a document with the same unique key exists. */
  insert(document: OptionalUnlessRequiredId<T>): Promise<boolean>;
}

/**
 * Collects the inserts that arrive within `lingerMs` (at most `maxBatch`) into one unordered
 * `insertMany`: one round trip and, on FerretDB's SQLite backend, one transaction for the
 * batch. Each caller learns its own document's fate; a duplicate key is not an error here
 * (the caller replaces instead), any other failure rejects the callers whose documents it hit.
 * `onBatch` is told of every command sent.
 */
export function createInsertBatcher<T extends Document>(
  collection: Collection<T>,
  options: { readonly maxBatch: number; readonly lingerMs: number; readonly onBatch: (size: number) => void },
): InsertBatcher<T> {
  type Waiting = { document: OptionalUnlessRequiredId<T>; resolve: (inserted: boolean) => void; reject: (error: unknown) => void };
  let queue: Waiting[] = [];
  let timer: NodeJS.Timeout | undefined;

  const flush = async (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const batch = queue;
    queue = [];
    options.onBatch(batch.length);
    try {
      await collection.insertMany(
        batch.map((waiting) => waiting.document),
        { ordered: false },
      );
      for (const waiting of batch) waiting.resolve(true);
    } catch (error) {
      if (!(error instanceof MongoBulkWriteError)) {
        for (const waiting of batch) waiting.reject(error);
        return;
      }
      const failed = new Map([error.writeErrors].flat().map((writeError) => [writeError.index, writeError]));
      for (const [index, waiting] of batch.entries()) {
        const writeError = failed.get(index);
        if (writeError === undefined) waiting.resolve(true);
        else if (isDuplicateKey(writeError)) waiting.resolve(false);
        else waiting.reject(error);
      }
    }
  };

  return {
    insert(document) {
      return new Promise<boolean>((resolve, reject) => {
        queue.push({ document, resolve, reject });
        if (queue.length >= options.maxBatch) void flush();
        else timer ??= setTimeout(() => void flush(), options.lingerMs);
      });
    },
  };
}

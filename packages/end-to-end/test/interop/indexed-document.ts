import { isDeepStrictEqual } from 'node:util';
import { BSON, type Collection, type Document } from 'mongodb';
import { expect } from 'vitest';
import { waitFor } from '../wait-for.js';

/** How long the service gets to catch up with a step's notifications. */
const CATCH_UP_MS = 30_000;

/**
 * A document in canonical Extended JSON: every number tagged with its BSON type
 * (`{$numberInt}`, `{$numberLong}`, `{$numberDouble}`), dates as `{$date}`; so a deep
 * equality compares keys, values and types at once, and a failure shows which.
 */
export function typed(document: Document): Document {
  return BSON.EJSON.serialize(document, { relaxed: false });
}

/** Our document for `uri` as stored, read without promoting BSON numbers to JS numbers, without `_id`. */
export async function readIndexedDocument(collection: Collection, uri: string): Promise<Document | null> {
  return collection.findOne({ uri }, { promoteValues: false, projection: { _id: 0 } });
}

/**
 * Waits until the index holds, for `uri`, exactly `expected` (keys, values and BSON types;
 * not key order, see docs/compatibility.md), or fails showing the last difference. `adjust`
 * maps our document first (e.g. drops fields a legacy reference never had).
 */
export async function expectIndexedAs(
  collection: Collection,
  uri: string,
  expected: Document,
  adjust: (document: Document) => Document = (document) => document,
): Promise<Document> {
  const want = typed(expected);
  const matches = async (): Promise<Document | undefined> => {
    const document = await readIndexedDocument(collection, uri);
    if (document === null) return undefined;
    const got = typed(adjust(document));
    return isDeepStrictEqual(got, want) ? document : undefined;
  };
  try {
    return await waitFor(`the index to hold the reference's document for ${uri}`, matches, CATCH_UP_MS);
  } catch (error) {
    const document = await readIndexedDocument(collection, uri);
    expect(document === null ? null : typed(adjust(document)), String(error)).toEqual(want);
    throw error;
  }
}

/** Waits until the index holds no document for `uri`. */
export async function expectNotIndexed(collection: Collection, uri: string): Promise<void> {
  await waitFor(`the document of ${uri} to go`, async () => ((await readIndexedDocument(collection, uri)) === null ? true : undefined), CATCH_UP_MS);
}

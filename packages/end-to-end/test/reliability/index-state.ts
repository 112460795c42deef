import { isDeepStrictEqual } from 'node:util';
import type { Collection, Document } from 'mongodb';
import { readDatasetDocument, type DatasetDocument, type ManifestReader } from '@dtool-notify/domain';
import { expectedDocument, type BuiltDataset } from '@dtool-notify/testkit';

const byUri = (a: { uri: string }, b: { uri: string }): number => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);

/** Every document the index holds under `baseUri`, as stored (without `_id`), sorted by URI. */
export async function indexedDocuments(collection: Collection<Document>, baseUri: string): Promise<DatasetDocument[]> {
  const found = await collection.find({ base_uri: baseUri }, { projection: { _id: 0 } }).toArray();
  return (found as unknown as DatasetDocument[]).sort(byUri);
}

/** URIs stored more than once (there must be none: one document per dataset). */
export function duplicateUris(documents: readonly { uri: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const { uri } of documents) counts.set(uri, (counts.get(uri) ?? 0) + 1);
  return [...counts].filter(([, count]) => count > 1).map(([uri]) => uri);
}

/** The documents the service must produce for fully written datasets, sorted by URI. */
export function expectedDocuments(datasets: readonly BuiltDataset[], baseUri: string): DatasetDocument[] {
  return datasets.map((dataset) => expectedDocument(dataset, baseUri)).sort(byUri);
}

/**
 * The bucket's truth: what storage says each dataset's document is now (absent when its
 * `dtool` object is gone or it is not a frozen dataset), read afresh, sorted by URI.
 */
export async function bucketTruth(
  reader: ManifestReader,
  datasets: readonly { readonly bucket: string; readonly uuid: string; readonly prefix: string }[],
  baseUri: string,
): Promise<DatasetDocument[]> {
  const documents: DatasetDocument[] = [];
  for (const { bucket, uuid, prefix } of datasets) {
    const found = await readDatasetDocument(reader, { bucket, baseUri, uuid, prefix });
    if (found.status === 'document') documents.push(found.document);
  }
  return documents.sort(byUri);
}

/**
 * Polls the index until it holds exactly `expected` under `baseUri`; resolves to how long
 * that took, or rejects after `timeoutMs` (the caller then asserts for a readable diff).
 */
export async function waitForIndex(
  collection: Collection<Document>,
  baseUri: string,
  expected: readonly DatasetDocument[],
  timeoutMs: number,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const actual = await indexedDocuments(collection, baseUri).catch(() => undefined);
    if (actual !== undefined && isDeepStrictEqual(actual, expected)) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`the index did not reach the bucket's state within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

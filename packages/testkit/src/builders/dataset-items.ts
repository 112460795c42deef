import { hash } from 'node:crypto';
import type { ManifestItem } from '@dtool-notify/domain';
import type { DatasetObject } from './dataset-object.js';
import { datasetKey } from './dtool-layout.js';

/** One data item of a dataset to build: its path inside the dataset and its content. */
export interface DatasetItem {
  readonly relpath: string;
  readonly content: Uint8Array | string;
}

/** The data objects of a dataset and its manifest items, keyed by item identifier. */
export interface BuiltItems {
  readonly objects: readonly DatasetObject[];
  readonly manifestItems: Record<string, ManifestItem>;
}

/** dtool's item identifier: the SHA-1 of the relpath. */
export function itemIdentifier(relpath: string): string {
  return hash('sha1', relpath);
}

/**
 * `count` tiny items (`item-0001.txt`, ...), generated cheaply enough for 10,000-item datasets.
 */
export function generateItems(count: number): DatasetItem[] {
  const width = String(count).length;
  return Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(width, '0');
    return { relpath: `item-${number}.txt`, content: `item ${number}\n` };
  });
}

/**
 * Lays items out as dtool-s3 does: `data/<sha1 of relpath>` with user metadata `handle`
 * (the base64 relpath) and `checksum` (MD5 hex, dtool's `md5sum_hexdigest`).
 */
export function buildItems(
  dataset: { readonly prefix: string; readonly uuid: string },
  items: readonly DatasetItem[],
  utcTimestamp: number,
): BuiltItems {
  const objects: DatasetObject[] = [];
  const manifestItems: Record<string, ManifestItem> = {};
  for (const item of items) {
    const identifier = itemIdentifier(item.relpath);
    if (manifestItems[identifier] !== undefined) throw new Error(`two items share the relpath ${JSON.stringify(item.relpath)}`);
    const checksum = hash('md5', item.content);
    const size = typeof item.content === 'string' ? Buffer.byteLength(item.content, 'utf8') : item.content.byteLength;
    objects.push({
      key: datasetKey(dataset, `data/${identifier}`),
      body: item.content,
      metadata: { handle: Buffer.from(item.relpath, 'utf8').toString('base64'), checksum },
    });
    manifestItems[identifier] = { hash: checksum, relpath: item.relpath, size_in_bytes: size, utc_timestamp: utcTimestamp };
  }
  return { objects, manifestItems };
}

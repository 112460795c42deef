import { Double, Long } from 'mongodb';
import type { DatasetDocument, ManifestItem } from '@dtool-notify/domain';

const INT32_MAX = 2 ** 31 - 1;

/**
 * The document as it is written: keyed by its URI, with numbers typed as dserver's Python
 * writer types them, so both writers' documents read back the same in any language:
 * `utc_timestamp` is a float in dtool (a double even when whole), and sizes past 2³¹ are
 * 64-bit integers (the driver would otherwise write a double).
 */
export function toStoredDocument(document: DatasetDocument): Record<string, unknown> {
  const items: Record<string, unknown> = {};
  for (const [identifier, item] of Object.entries(document.manifest.items)) items[identifier] = storedItem(item);
  return {
    ...document,
    _id: document.uri,
    manifest: { ...document.manifest, items },
    number_of_items: integer(document.number_of_items),
    size_in_bytes: integer(document.size_in_bytes),
  };
}

function storedItem(item: ManifestItem): Record<string, unknown> {
  return { ...item, utc_timestamp: new Double(item.utc_timestamp), size_in_bytes: integer(item.size_in_bytes) };
}

function integer(value: number): number | Long {
  return Number.isInteger(value) && Math.abs(value) > INT32_MAX ? Long.fromNumber(value) : value;
}

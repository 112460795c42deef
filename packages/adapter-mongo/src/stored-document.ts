import { Double, Long } from 'mongodb';
import type { DatasetDocument, ManifestItem } from '@dtool-notify/domain';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const INT64_LIMIT = 2 ** 63;

/**
 * The document as it is written: keyed by its URI, with numbers typed as dserver's Python
 * writer types them, so both writers' documents read back the same in any language:
 * `utc_timestamp` is a float in dtool (a double even when whole), and sizes past 2³¹ are
 * 64-bit integers (the driver would otherwise write a double), as are such integers in
 * annotations and a parsed README (Python's JSON and YAML readers make them `int`).
 */
export function toStoredDocument(document: DatasetDocument): Record<string, unknown> {
  // fromEntries defines own properties: an item named `__proto__` stays an item.
  const items = Object.fromEntries(Object.entries(document.manifest.items).map(([identifier, item]) => [identifier, storedItem(item)]));
  return {
    ...document,
    _id: document.uri,
    readme: storedValue(document.readme),
    manifest: { ...document.manifest, items },
    annotations: storedValue(document.annotations),
    number_of_items: integer(document.number_of_items),
    size_in_bytes: integer(document.size_in_bytes),
  };
}

function storedItem(item: ManifestItem): Record<string, unknown> {
  return { ...item, utc_timestamp: new Double(item.utc_timestamp), size_in_bytes: integer(item.size_in_bytes) };
}

function storedValue(value: unknown): unknown {
  if (typeof value === 'number') return integer(value);
  if (Array.isArray(value)) return value.map(storedValue);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, storedValue(item)]));
}

function integer(value: number): number | Long {
  // Past 2⁶³ Python's BSON encoder refuses an int; a double is the closest we can store.
  const int64 = Number.isInteger(value) && (value < INT32_MIN || value > INT32_MAX) && value >= -INT64_LIMIT && value < INT64_LIMIT;
  return int64 ? Long.fromNumber(value) : value;
}

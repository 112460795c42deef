import type { DatasetDocument } from '../model/dataset-document.js';

/** Whether two documents hold the same values (compared as JSON, dates as ISO strings, key order ignored). */
export function sameDocument(left: DatasetDocument, right: DatasetDocument): boolean {
  return canonicalJson(left) === canonicalJson(right);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner !== null && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

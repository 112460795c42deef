/** A location inside a document: object keys and array indexes from the root. */
export type DocumentPath = readonly (string | number)[];

/**
 * Depth-first search of plain objects and arrays for the first entry (key, value) that
 * `matches`; returns its path. Dates, binary data and other class instances are leaves.
 */
export function findPath(
  value: unknown,
  matches: (key: string, value: unknown) => boolean,
  path: DocumentPath = [],
): DocumentPath | undefined {
  if (Array.isArray(value)) {
    for (const [index, element] of value.entries()) {
      const found = findEntry(String(index), index, element, matches, path);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  for (const [key, element] of Object.entries(value)) {
    const found = findEntry(key, key, element, matches, path);
    if (found !== undefined) return found;
  }
  return undefined;
}

function findEntry(
  key: string,
  segment: string | number,
  value: unknown,
  matches: (key: string, value: unknown) => boolean,
  path: DocumentPath,
): DocumentPath | undefined {
  const here = [...path, segment];
  return matches(key, value) ? here : findPath(value, matches, here);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** A path as readers know it from JSON: `annotations["a.b"][0]`. */
export function formatPath(path: DocumentPath): string {
  return path
    .map((segment, position) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(segment)) return position === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

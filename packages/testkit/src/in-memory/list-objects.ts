/** One object in a listing. */
export interface ListedObject {
  readonly key: string;
  readonly size: number;
}

/** Options of a listing, as in S3's ListObjectsV2. */
export interface ListOptions {
  /** Groups keys sharing the prefix up to this string into `commonPrefixes` (S3's "folders"). */
  readonly delimiter?: string;
  /** Lists keys after this one only. */
  readonly startAfter?: string;
  /** The `nextContinuationToken` of the previous page. */
  readonly continuationToken?: string;
  /** Entries (objects plus common prefixes) per page: default and maximum 1000, like S3. */
  readonly maxKeys?: number;
}

/** One page of a listing. */
export interface ListResult {
  readonly objects: readonly ListedObject[];
  readonly commonPrefixes: readonly string[];
  readonly isTruncated: boolean;
  /** Present when `isTruncated`: pass it as `continuationToken` to get the next page. */
  readonly nextContinuationToken?: string;
}

/** S3's page size limit. */
const MAX_KEYS = 1000;

/**
 * Orders keys as S3 does: by their UTF-8 bytes, which is code point order. JavaScript's `<`
 * compares UTF-16 units, which puts astral characters (surrogates) before U+E000–U+FFFF.
 */
export function compareKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000;
}

interface Token {
  readonly after: string;
  /** Set when the previous page ended with a common prefix: keys under it are already reported. */
  readonly skipPrefix: boolean;
}

function encodeToken(token: Token): string {
  return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

function decodeToken(text: string): Token {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Token;
    if (typeof token.after === 'string' && typeof token.skipPrefix === 'boolean') return token;
  } catch {
    // fall through to the error below
  }
  throw new Error(`invalid continuation token ${JSON.stringify(text)}`);
}

/** Lists one page of `sortedKeys` (sorted with {@link compareKeys}) with S3 ListObjectsV2 semantics. */
export function listSortedKeys(
  sortedKeys: readonly string[],
  sizeOf: (key: string) => number,
  prefix: string,
  options: ListOptions = {},
): ListResult {
  const maxKeys = Math.min(MAX_KEYS, Math.max(0, Math.floor(options.maxKeys ?? MAX_KEYS)));
  const token = options.continuationToken === undefined ? undefined : decodeToken(options.continuationToken);
  const after = laterOf(options.startAfter, token?.after);
  const delimiter = options.delimiter === '' ? undefined : options.delimiter;
  const objects: ListedObject[] = [];
  if (maxKeys === 0) return { objects, commonPrefixes: [], isTruncated: false };
  const commonPrefixes: string[] = [];
  let last: Token | undefined;
  for (let index = sortedIndex(sortedKeys, laterOf(after, prefix) ?? ''); index < sortedKeys.length; index += 1) {
    const key = sortedKeys[index] as string;
    // Keys sharing a prefix are contiguous in sorted order and the scan starts at ≥ prefix.
    if (!key.startsWith(prefix)) break;
    if (after !== undefined && compareKeys(key, after) <= 0) continue;
    if (token?.skipPrefix === true && key.startsWith(token.after)) continue;
    const cut = delimiter === undefined ? -1 : key.indexOf(delimiter, prefix.length);
    const commonPrefix = cut === -1 ? undefined : key.slice(0, cut + (delimiter as string).length);
    if (commonPrefix !== undefined && commonPrefix === commonPrefixes.at(-1)) continue;
    if (objects.length + commonPrefixes.length === maxKeys) {
      return { objects, commonPrefixes, isTruncated: true, nextContinuationToken: encodeToken(last as Token) };
    }
    if (commonPrefix === undefined) {
      objects.push({ key, size: sizeOf(key) });
      last = { after: key, skipPrefix: false };
    } else {
      commonPrefixes.push(commonPrefix);
      last = { after: commonPrefix, skipPrefix: true };
    }
  }
  return { objects, commonPrefixes, isTruncated: false };
}

function laterOf(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareKeys(a, b) >= 0 ? a : b;
}

/** Binary search in keys sorted with {@link compareKeys}: the index of `key`, or where it would go. */
export function sortedIndex(sortedKeys: readonly string[], key: string): number {
  let low = 0;
  let high = sortedKeys.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareKeys(sortedKeys[middle] as string, key) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

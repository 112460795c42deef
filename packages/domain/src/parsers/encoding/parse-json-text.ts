import { DEFAULT_NOTIFICATION_LIMITS } from '../notification-limits.js';

/** JSON text read, or why not: a syntax error, or nesting past the bound. */
export type JsonText =
  | { readonly ok: true; readonly value: unknown }
  | { readonly ok: false; readonly problem: 'syntax' | 'depth'; readonly reason: string };

/**
 * `JSON.parse` as a result value, after checking the nesting depth without recursion:
 * `JSON.parse` copes with any depth, but a deep value overflows the stack of whatever
 * walks it recursively later (`JSON.stringify` fails at about 10,000 levels, so does a
 * recursive schema). A leading byte-order mark is dropped.
 */
export function parseJsonText(text: string, maxDepth: number = DEFAULT_NOTIFICATION_LIMITS.maxDepth): JsonText {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (holdsMoreBracketsThan(source, maxDepth) && exceedsDepth(source, maxDepth)) {
    return { ok: false, problem: 'depth', reason: `is nested deeper than ${maxDepth} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    return { ok: false, problem: 'syntax', reason: `is not valid JSON (${(error as Error).message})` };
  }
}

/**
 * Nesting past `maxDepth` takes more than `maxDepth` opening brackets. A notification holds a
 * dozen, so counting them (`indexOf` runs at memory speed; brackets in strings count too,
 * which only errs on the safe side) spares nearly every body the exact scan below.
 */
function holdsMoreBracketsThan(text: string, maxDepth: number): boolean {
  let brackets = 0;
  for (const bracket of ['{', '[']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      brackets += 1;
      if (brackets > maxDepth) return true;
    }
  }
  return false;
}

/**
 * Counts brackets outside strings; malformed text is left for `JSON.parse` to report. String
 * contents (most of a notification) are skipped with `indexOf`, which is several times
 * faster than visiting their characters one by one: this runs on every notification.
 */
function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (char === 0x22) {
      index = closingQuote(text, index);
      if (index === -1) return false;
    } else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/** The index of the quote closing the string opened at `open` (one preceded by an even run of backslashes), or -1. */
function closingQuote(text: string, open: number): number {
  let quote = text.indexOf('"', open + 1);
  while (quote !== -1) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    quote = text.indexOf('"', quote + 1);
  }
  return -1;
}

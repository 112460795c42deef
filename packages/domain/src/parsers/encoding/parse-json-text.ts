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
  if (exceedsDepth(source, maxDepth)) {
    return { ok: false, problem: 'depth', reason: `is nested deeper than ${maxDepth} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (error) {
    return { ok: false, problem: 'syntax', reason: `is not valid JSON (${(error as Error).message})` };
  }
}

/** Counts brackets outside strings; malformed text is left for `JSON.parse` to report. */
function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index += 1;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x5b || char === 0x7b) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (char === 0x5d || char === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

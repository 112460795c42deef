import { findPath, formatPath } from './find-path.js';

/**
 * How each server (and the driver) says it refused a field name, with the name it gives:
 * FerretDB 1.x refuses `.` and a leading `$` anywhere (code 2, "invalid key"); MongoDB ≥ 5
 * refuses only a top-level `$` in a replacement (code 52); FerretDB answers that case with
 * code 9 "Unknown modifier"; the driver refuses a `$` first key and NUL bytes itself.
 */
const KEY_REJECTIONS: readonly { readonly pattern: RegExp; readonly codes?: readonly number[] }[] = [
  { pattern: /^invalid key: ("(?:[^"\\]|\\.)*")/, codes: [2] },
  { pattern: /(?:field '([^']*)')?/, codes: [52, 56, 57] },
  { pattern: /^Unknown modifier: (\$.*?)\. Expected/, codes: [9] },
  { pattern: /^key ([\s\S]*) must not contain null bytes$/ },
  { pattern: /^Replacement document must not contain atomic operators$/ },
];

/** Field names some supported server refuses: a leading `$`, a `.` or a NUL byte. */
const SUSPICIOUS_KEY = (key: string): boolean => key.startsWith('$') || key.includes('.') || key.includes('\0');

/** Whether `error` is a server's or the driver's refusal of a field name. */
export function isKeyNameRejection(error: unknown): boolean {
  return matchRejection(error) !== undefined;
}

/**
 * Where in `document` the refused field name is (`annotations["a.b"]`), from the name the
 * error gives or, failing that, the first name some server refuses.
 */
export function locateRejectedKey(error: unknown, document: unknown): string {
  const named = matchRejection(error)?.[1];
  const key = named === undefined ? undefined : unquote(named);
  const path =
    (key === undefined ? undefined : findPath(document, (candidate) => candidate === key)) ??
    findPath(document, SUSPICIOUS_KEY);
  if (path !== undefined) return formatPath(path);
  return key === undefined ? 'a field name' : JSON.stringify(key);
}

function matchRejection(error: unknown): RegExpExecArray | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  for (const rejection of KEY_REJECTIONS) {
    if (rejection.codes !== undefined && !rejection.codes.includes(Number(code))) continue;
    if (rejection.codes === undefined && code !== undefined) continue;
    const match = rejection.pattern.exec(error.message);
    if (match !== null) return match;
  }
  return undefined;
}

/** FerretDB quotes the name Go-style, which JSON reads for everything but exotic escapes. */
function unquote(text: string): string {
  if (!text.startsWith('"')) return text;
  try {
    return JSON.parse(text) as string;
  } catch {
    return text.slice(1, -1);
  }
}

/**
 * Decodes a form-encoded component the way S3 encodes object keys in event notifications
 * and the way `application/x-www-form-urlencoded` bodies are written: `+` is a space, then
 * percent-escapes of UTF-8. `undefined` for a malformed escape or invalid UTF-8.
 */
export function decodeFormComponent(text: string): string | undefined {
  return decodePathComponent(text.replaceAll('+', ' '));
}

/** Decodes percent-escapes of UTF-8 (a `+` stays a `+`, as in URL paths); `undefined` when malformed. */
export function decodePathComponent(text: string): string | undefined {
  if (!text.includes('%')) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
}

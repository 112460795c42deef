import { parseJsonText } from '@dtool-notify/domain';
import { HttpError } from '../http/http-error.js';

/**
 * Parses a JSON request body with the notification parsers' own rules (depth limit checked
 * before parsing, without recursion), refusing invalid or too deeply nested JSON with 400.
 */
export function parseJsonBody(text: string): unknown {
  const parsed = parseJsonText(text);
  if (!parsed.ok) throw new HttpError('malformed', `the body ${parsed.reason}`);
  return parsed.value;
}

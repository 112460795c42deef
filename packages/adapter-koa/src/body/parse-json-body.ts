import { DEFAULT_NOTIFICATION_LIMITS } from '@dtool-notify/domain';
import { HttpError } from '../http/http-error.js';

/**
 * Parses a JSON request body, refusing (400) invalid JSON and values nested deeper than the
 * notification parsers accept. The depth is measured without recursion, so a hostile body
 * cannot overflow the stack here or in whatever walks the value later.
 */
export function parseJsonBody(text: string, maxDepth: number = DEFAULT_NOTIFICATION_LIMITS.maxDepth): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    throw new HttpError('malformed', `the body is not valid JSON (${(error as Error).message})`);
  }
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > maxDepth) throw new HttpError('malformed', `the body is nested deeper than ${maxDepth} levels`);
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return value;
}

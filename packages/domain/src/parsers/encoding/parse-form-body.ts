import type { Parsed } from '../parsed.js';
import { quote } from '../quote.js';
import { decodeFormComponent } from './decode-component.js';

/** The fields of a form body, each with every value given for it, in order. */
export type FormFields = ReadonlyMap<string, readonly string[]>;

/**
 * Reads an `application/x-www-form-urlencoded` body. A Map keeps field names such as
 * `__proto__` from ever touching an object's prototype. Fails on a malformed escape.
 */
export function parseFormBody(body: string): Parsed<FormFields> {
  const fields = new Map<string, string[]>();
  for (const pair of body.split('&')) {
    if (pair === '') continue;
    const separator = pair.indexOf('=');
    const rawName = separator === -1 ? pair : pair.slice(0, separator);
    const rawValue = separator === -1 ? '' : pair.slice(separator + 1);
    const name = decodeFormComponent(rawName);
    if (name === undefined) return { ok: false, reason: `form field name ${quote(rawName)} has a malformed percent-escape` };
    const value = decodeFormComponent(rawValue);
    if (value === undefined) return { ok: false, reason: `form field ${quote(name)} has a malformed percent-escape` };
    const values = fields.get(name);
    if (values === undefined) fields.set(name, [value]);
    else values.push(value);
  }
  return { ok: true, value: fields };
}

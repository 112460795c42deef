/**
 * A null-prototype copy of `input`'s own entries with `validated` laid over them. valibot's
 * loose objects and records leave out `__proto__`, `constructor` and `prototype`, but in a
 * dataset they are ordinary names (a manifest item, an admin-metadata key), so the parsers
 * validate with valibot and keep every key with this.
 */
export function keepEveryKey<T extends object>(input: unknown, validated: T): T {
  const output = Object.create(null) as Record<string, unknown>;
  if (typeof input === 'object' && input !== null) {
    for (const [key, value] of Object.entries(input)) output[key] = value;
  }
  for (const [key, value] of Object.entries(validated)) output[key] = value;
  return output as T;
}

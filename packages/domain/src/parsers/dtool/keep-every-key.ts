/**
 * A copy of `input`'s own entries with `validated` laid over them. valibot's loose objects
 * and records leave out `__proto__`, `constructor` and `prototype`, but in a dataset they are
 * ordinary names (a manifest item, an admin-metadata key), so the parsers validate with
 * valibot and keep every key with this. `Object.fromEntries` defines each key as an own data
 * property (`__proto__` included, never the prototype), and the result is an ordinary
 * object: a null-prototype one would differ from the same document read back from MongoDB.
 */
export function keepEveryKey<T extends object>(input: unknown, validated: T): T {
  const inputEntries = typeof input === 'object' && input !== null ? Object.entries(input) : [];
  const validatedKeys = new Set(Object.keys(validated));
  return Object.fromEntries([...inputEntries.filter(([key]) => !validatedKeys.has(key)), ...Object.entries(validated)]) as T;
}

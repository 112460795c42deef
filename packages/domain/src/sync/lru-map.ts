/** A map that forgets its least recently used entries beyond a capacity. */
export interface LruMap<K, V> {
  /** The value, marking it recently used. */
  get(key: K): V | undefined;
  set(key: K, value: V): void;
  delete(key: K): boolean;
  readonly size: number;
}

/** Creates an {@link LruMap} holding at most `capacity` entries (Map keeps insertion order). */
export function createLruMap<K, V>(capacity: number): LruMap<K, V> {
  const entries = new Map<K, V>();
  return {
    get(key) {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > capacity) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
    },
    delete: (key) => entries.delete(key),
    get size() {
      return entries.size;
    },
  };
}

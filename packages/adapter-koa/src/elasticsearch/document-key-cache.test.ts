import { describe, expect, test } from 'vitest';
import { createDocumentKeyCache } from './document-key-cache.js';

describe('createDocumentKeyCache', () => {
  test('recalls the object an id was last written for', () => {
    const cache = createDocumentKeyCache();
    cache.remember('a', { bucket: 'b', key: 'k1' });
    cache.remember('a', { bucket: 'b', key: 'k2' });
    expect(cache.recall('a')).toEqual({ bucket: 'b', key: 'k2' });
    expect(cache.recall('missing')).toBeUndefined();
  });

  test('forgets the least recently used id past its capacity', () => {
    const cache = createDocumentKeyCache(2);
    cache.remember('a', { bucket: 'b', key: 'a' });
    cache.remember('b', { bucket: 'b', key: 'b' });
    cache.recall('a');
    cache.remember('c', { bucket: 'b', key: 'c' });
    expect(cache.size).toBe(2);
    expect(cache.recall('b')).toBeUndefined();
    expect(cache.recall('a')).toEqual({ bucket: 'b', key: 'a' });
    expect(cache.recall('c')).toEqual({ bucket: 'b', key: 'c' });
  });
});

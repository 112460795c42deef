import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { createInMemoryObjectStore, type ObjectChange, type ObjectStore } from './object-store.js';

async function storeWith(keys: readonly string[]): Promise<ObjectStore> {
  const store = createInMemoryObjectStore();
  for (const key of keys) await store.put('bucket', key, key);
  return store;
}

async function listAllKeys(store: ObjectStore, prefix: string, maxKeys: number, delimiter?: string): Promise<string[][]> {
  const pages: string[][] = [];
  let continuationToken: string | undefined;
  do {
    const page = await store.list('bucket', prefix, {
      maxKeys,
      ...(delimiter === undefined ? {} : { delimiter }),
      ...(continuationToken === undefined ? {} : { continuationToken }),
    });
    pages.push([...page.objects.map((object) => object.key), ...page.commonPrefixes]);
    continuationToken = page.nextContinuationToken;
    expect(page.isTruncated).toBe(continuationToken !== undefined);
  } while (continuationToken !== undefined);
  return pages;
}

describe('createInMemoryObjectStore', () => {
  test('stores bodies and user metadata with lower-cased names', async () => {
    const store = createInMemoryObjectStore();
    await store.put('bucket', 'a/b', 'héllo', { Handle: 'aGk=', 'X-Custom': 'v' });
    const object = await store.get('bucket', 'a/b');
    expect(new TextDecoder().decode(object?.body)).toBe('héllo');
    expect(object?.metadata).toEqual({ handle: 'aGk=', 'x-custom': 'v' });
    // The ETag S3 gives a single-part upload: the MD5 of the body, in hex.
    const eTag = createHash('md5').update('héllo').digest('hex');
    expect(await store.head('bucket', 'a/b')).toEqual({ key: 'a/b', size: 6, eTag, metadata: { handle: 'aGk=', 'x-custom': 'v' } });
  });

  test('finds nothing in an unknown bucket or for an unknown key', async () => {
    const store = await storeWith(['a']);
    expect(await store.get('other', 'a')).toBeUndefined();
    expect(await store.head('bucket', 'b')).toBeUndefined();
    expect(await store.list('other', '')).toEqual({ objects: [], commonPrefixes: [], isTruncated: false });
  });

  test('keeps its bytes when the caller changes the body it put or got', async () => {
    const store = createInMemoryObjectStore();
    const body = new Uint8Array([1, 2, 3]);
    await store.put('bucket', 'k', body);
    body[0] = 9;
    const got = await store.get('bucket', 'k');
    got?.body.fill(0);
    expect([...((await store.get('bucket', 'k'))?.body ?? [])]).toEqual([1, 2, 3]);
  });

  test('deletes an object and answers whether it existed', async () => {
    const store = await storeWith(['a', 'b']);
    expect(await store.delete('bucket', 'a')).toBe(true);
    expect(await store.delete('bucket', 'a')).toBe(false);
    expect(store.keys('bucket')).toEqual(['b']);
  });

  test('lists keys in UTF-8 byte order, astral characters after U+FFFD', async () => {
    const store = await storeWith(['b', '\u{1F680}', 'a/z', 'A', '\uFFFD', 'a']);
    const page = await store.list('bucket', '');
    expect(page.objects.map((object) => object.key)).toEqual(['A', 'a', 'a/z', 'b', '\uFFFD', '\u{1F680}']);
    expect(page.objects[2]).toEqual({ key: 'a/z', size: 3 });
  });

  test('lists only keys under the prefix, after startAfter', async () => {
    const store = await storeWith(['data/1', 'data/2', 'data/3', 'dataset', 'dat']);
    const page = await store.list('bucket', 'data/', { startAfter: 'data/1' });
    expect(page.objects.map((object) => object.key)).toEqual(['data/2', 'data/3']);
  });

  test('groups keys by delimiter into common prefixes, each counted once', async () => {
    const store = await storeWith(['dtool-1', 'dtool-2', 'u/a/x', 'u/a/y', 'u/b', 'top']);
    const page = await store.list('bucket', '', { delimiter: '/' });
    expect(page.objects.map((object) => object.key)).toEqual(['dtool-1', 'dtool-2', 'top']);
    expect(page.commonPrefixes).toEqual(['u/']);
    const nested = await store.list('bucket', 'u/', { delimiter: '/' });
    expect(nested.objects.map((object) => object.key)).toEqual(['u/b']);
    expect(nested.commonPrefixes).toEqual(['u/a/']);
  });

  test('pages 2,500 keys in pages of 1000 by default', async () => {
    const keys = Array.from({ length: 2500 }, (_, index) => `k/${String(index).padStart(4, '0')}`);
    const store = await storeWith(keys);
    const pages = await listAllKeys(store, 'k/', 5000);
    expect(pages.map((page) => page.length)).toEqual([1000, 1000, 500]);
    expect(pages.flat()).toEqual(keys);
  });

  test('continues after a page that ended on a common prefix without repeating it', async () => {
    const store = await storeWith(['a/1', 'a/2', 'b', 'c/1', 'c/2', 'd']);
    const pages = await listAllKeys(store, '', 1, '/');
    expect(pages).toEqual([['a/'], ['b'], ['c/'], ['d']]);
  });

  test('counts requests by kind and resets the counters', async () => {
    const store = await storeWith(['a']);
    await store.get('bucket', 'a');
    await store.head('bucket', 'a');
    await store.list('bucket', '');
    await store.delete('bucket', 'a');
    expect(store.counts).toEqual({ put: 1, get: 1, head: 1, list: 1, delete: 1 });
    store.keys('bucket');
    store.resetCounts();
    expect(store.counts).toEqual({ put: 0, get: 0, head: 0, list: 0, delete: 0 });
  });

  test('tells change listeners about each write and each delete of an existing object, until unsubscribed', async () => {
    const store = createInMemoryObjectStore();
    const changes: ObjectChange[] = [];
    const unsubscribe = store.onChange((change) => {
      changes.push(change);
    });
    await store.put('bucket', 'k', 'v');
    await store.delete('bucket', 'k');
    await store.delete('bucket', 'k');
    unsubscribe();
    await store.put('bucket', 'later', 'v');
    expect(changes).toEqual([
      { kind: 'created', bucket: 'bucket', key: 'k', eTag: createHash('md5').update('v').digest('hex') },
      { kind: 'removed', bucket: 'bucket', key: 'k' },
    ]);
  });

  test('resolves a put only after an asynchronous listener has finished', async () => {
    const store = createInMemoryObjectStore();
    let delivered = false;
    store.onChange(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      delivered = true;
    });
    await store.put('bucket', 'k', 'v');
    expect(delivered).toBe(true);
  });

  test('rejects a continuation token it did not issue', async () => {
    const store = await storeWith(['a']);
    await expect(store.list('bucket', '', { continuationToken: 'bogus' })).rejects.toThrow(/continuation token/);
  });
});

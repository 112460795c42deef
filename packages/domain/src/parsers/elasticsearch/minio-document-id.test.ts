import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { encodeBase64Url, encodeUtf8 } from './byte-encoding.js';
import { minioElasticsearchDocumentId } from './minio-document-id.js';

const surrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));

describe('encodeUtf8', () => {
  test('encodes any string as TextEncoder does, lone surrogates as U+FFFD', () => {
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: fc.oneof(surrogate, fc.string({ unit: 'binary', maxLength: 1 })) }));
    fc.assert(
      fc.property(text, (value) => {
        expect([...encodeUtf8(value)]).toEqual([...new TextEncoder().encode(value)]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('encodeBase64Url', () => {
  test("writes Go's padded URL-safe base64", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 70 }), (bytes) => {
        const expected = Buffer.from(bytes).toString('base64').replaceAll('+', '-').replaceAll('/', '_');
        expect(encodeBase64Url(bytes)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('minioElasticsearchDocumentId', () => {
  // Pinned from this implementation, whose hash matches the reference vectors and derives
  // MinIO's key (highway-hash.test.ts): a change here changes every id MinIO would send.
  test.each([
    ['dtool-49f0bf41-471b-4781-855e-161fe81ffb0d', 'qHuEQ-ZISsICnUiUI7BuwXU2hds_5F5FFSq38z-HGw8='],
    ['u/testuser/49f0bf41-471b-4781-855e-161fe81ffb0d/dtool', 'g1KQ2neBnwWGBC9fpbIIrGL1MIEMAeg1qq-21UCKbKU='],
  ])('gives test-bucket/%s the padded 44-character id %s', (key, id) => {
    expect(minioElasticsearchDocumentId('test-bucket', key)).toBe(id);
  });

  test('hashes "<bucket>/<key>" with the key decoded', () => {
    expect(minioElasticsearchDocumentId('a', 'b/c')).toBe(minioElasticsearchDocumentId('a/b', 'c'));
    expect(minioElasticsearchDocumentId('a', 'b/c')).not.toBe(minioElasticsearchDocumentId('a', 'b/d'));
    expect(minioElasticsearchDocumentId('a', 'projects/alpha beta')).not.toBe(minioElasticsearchDocumentId('a', 'projects/alpha+beta'));
  });

  test('gives every bucket and key a URL-safe padded id', () => {
    fc.assert(
      fc.property(fc.string(), fc.string({ unit: 'binary' }), (bucket, key) => {
        expect(minioElasticsearchDocumentId(bucket, key)).toMatch(/^[A-Za-z0-9_-]{43}=$/);
      }),
      { numRuns: 500 },
    );
  });
});

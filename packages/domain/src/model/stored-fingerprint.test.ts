import { describe, expect, test } from 'vitest';
import { storedFingerprint } from './stored-fingerprint.js';

const eTags = { dtool: 'd1', readme: 'r1', manifest: 'm1', annotations: { b: 'b1', a: 'a1' } };

describe('storedFingerprint', () => {
  test('is the same whatever the order of tags and annotations', () => {
    const reordered = { dtool: 'd1', readme: 'r1', manifest: 'm1', annotations: { a: 'a1', b: 'b1' } };
    expect(storedFingerprint({ eTags, tags: ['y', 'x'] }, 'text')).toBe(storedFingerprint({ eTags: reordered, tags: ['x', 'y', 'x'] }, 'text'));
  });

  test('changes with any object, tag or the README layout', () => {
    const base = storedFingerprint({ eTags, tags: ['x'] }, 'text');
    expect(storedFingerprint({ eTags: { ...eTags, readme: 'r2' }, tags: ['x'] }, 'text')).not.toBe(base);
    expect(storedFingerprint({ eTags: { ...eTags, annotations: { a: 'a1' } }, tags: ['x'] }, 'text')).not.toBe(base);
    expect(storedFingerprint({ eTags, tags: [] }, 'text')).not.toBe(base);
    expect(storedFingerprint({ eTags, tags: ['x'] }, 'parsed-yaml')).not.toBe(base);
    const { readme: _readme, ...withoutReadme } = eTags;
    expect(storedFingerprint({ eTags: withoutReadme, tags: ['x'] }, 'text')).not.toBe(base);
  });

  test('is absent when storage gave no ETag of the dtool object or the manifest', () => {
    const { manifest: _manifest, ...withoutManifest } = eTags;
    expect(storedFingerprint({ eTags: withoutManifest, tags: [] }, 'text')).toBeUndefined();
  });
});

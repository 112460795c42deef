import { describe, expect, test } from 'vitest';
import { parseAdminMetadataJson } from './parse-admin-metadata.js';
import { parseAnnotationJson } from './parse-annotation.js';
import { parseManifestJson } from './parse-manifest.js';

const deep = (levels: number): string => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const item = (relpath: string) => ({ relpath, size_in_bytes: 1, hash: 'h', utc_timestamp: 1 });
const admin = { uuid: '1c10766c-4a4a-4ec9-ab3e-2b1e8b4e4b8f', name: 'd', type: 'dataset', frozen_at: 1 };

describe('JSON read from storage', () => {
  test('an annotation nested 100,000 levels deep is refused with the reason, not parsed', () => {
    expect(parseAnnotationJson('deep', deep(100_000))).toEqual({ ok: false, reason: 'annotation "deep" is nested deeper than 64 levels' });
  });

  test('an annotation nested exactly to the limit is read', () => {
    expect(parseAnnotationJson('ok', deep(64)).ok).toBe(true);
    expect(parseAnnotationJson('ok', deep(10), 9).ok).toBe(false);
  });

  test('a dtool body with a field nested 100,000 levels deep is refused', () => {
    const body = JSON.stringify(admin).replace(/}$/, `, "extra": ${deep(100_000)}}`);
    expect(parseAdminMetadataJson(body)).toEqual({ ok: false, reason: 'admin metadata is nested deeper than 64 levels' });
  });

  test('a manifest nested past the limit is refused', () => {
    expect(parseManifestJson(`{"items": {}, "x": ${deep(1000)}}`)).toMatchObject({ ok: false, reason: 'manifest is nested deeper than 64 levels' });
  });

  test('manifest items named __proto__, constructor and prototype are kept as items', () => {
    const text = `{"items": {"__proto__": ${JSON.stringify(item('a'))}, "constructor": ${JSON.stringify(item('b'))}, "prototype": ${JSON.stringify(item('c'))}, "x": ${JSON.stringify(item('d'))}}}`;
    const manifest = parseManifestJson(text);
    expect(manifest.ok).toBe(true);
    if (!manifest.ok) return;
    expect(Object.keys(manifest.value.items)).toEqual(['__proto__', 'constructor', 'prototype', 'x']);
    expect(Object.values(manifest.value.items).map((value) => value.relpath)).toEqual(['a', 'b', 'c', 'd']);
    expect(({} as Record<string, unknown>)['relpath']).toBeUndefined();
  });

  test('an invalid manifest item named constructor is reported by its path', () => {
    const text = `{"items": {"constructor": {"relpath": "a", "size_in_bytes": -1, "hash": "h", "utc_timestamp": 1}}}`;
    expect(parseManifestJson(text)).toMatchObject({ ok: false, reason: expect.stringContaining('"items.constructor.size_in_bytes"') });
  });

  test('admin metadata keys named __proto__ and constructor are kept as data', () => {
    const parsed = parseAdminMetadataJson(`{"uuid": "${admin.uuid}", "name": "d", "type": "dataset", "__proto__": {"polluted": 1}, "constructor": "c"}`);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(Object.keys(parsed.value)).toEqual(expect.arrayContaining(['__proto__', 'constructor']));
    expect(parsed.value['constructor']).toBe('c');
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

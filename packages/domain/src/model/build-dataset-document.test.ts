import { describe, expect, test } from 'vitest';
import type { DatasetContent } from './dataset-content.js';
import { buildDatasetDocument, dateFromPosixSeconds } from './build-dataset-document.js';

const content: DatasetContent = {
  adminMetadata: {
    uuid: '49f0bf41-471b-4781-855e-161fe81ffb0d',
    name: 'simple_test_dataset',
    type: 'dataset',
    creator_username: 'testuser',
    dtoolcore_version: '3.17.0',
    created_at: 1645632787.071341,
    frozen_at: 1645632787.618523,
  },
  readme: '---\ndescription: simple test dataset\n',
  manifest: {
    dtoolcore_version: '3.17.0',
    hash_function: 'md5sum_hexdigest',
    items: {
      a: { relpath: 'a.txt', size_in_bytes: 965, hash: 'h1', utc_timestamp: 1 },
      b: { relpath: 'b.txt', size_in_bytes: 35, hash: 'h2', utc_timestamp: 2 },
    },
  },
  tags: ['zeta', 'alpha'],
  annotations: { project: 'alpha' },
};

describe('buildDatasetDocument', () => {
  test('builds the document dserver reads: admin metadata plus uri, readme, manifest, counts', () => {
    const result = buildDatasetDocument(content, { baseUri: 's3://test-bucket' });
    expect(result).toEqual({
      ok: true,
      value: {
        uuid: '49f0bf41-471b-4781-855e-161fe81ffb0d',
        name: 'simple_test_dataset',
        type: 'dataset',
        creator_username: 'testuser',
        dtoolcore_version: '3.17.0',
        created_at: new Date(1645632787071),
        frozen_at: new Date(1645632787618),
        uri: 's3://test-bucket/49f0bf41-471b-4781-855e-161fe81ffb0d',
        base_uri: 's3://test-bucket',
        readme: '---\ndescription: simple test dataset\n',
        manifest: content.manifest,
        annotations: { project: 'alpha' },
        tags: ['alpha', 'zeta'],
        number_of_items: 2,
        size_in_bytes: 1000,
      },
    });
  });

  test('falls back to frozen_at when created_at is missing', () => {
    const { created_at: _, ...admin } = content.adminMetadata;
    const result = buildDatasetDocument({ ...content, adminMetadata: admin }, { baseUri: 's3://b' });
    expect(result.ok && result.value.created_at).toEqual(new Date(1645632787618));
  });

  test('refuses a protodataset', () => {
    const result = buildDatasetDocument({ ...content, adminMetadata: { ...content.adminMetadata, type: 'protodataset' } }, { baseUri: 's3://b' });
    expect(result).toEqual({ ok: false, reason: 'the dataset is not frozen yet' });
  });

  test('stores the README parsed as YAML in the legacy layout', () => {
    const result = buildDatasetDocument(content, { baseUri: 's3://b', readmeLayout: 'parsed-yaml' });
    expect(result.ok && result.value.readme).toEqual({ description: 'simple test dataset' });
  });
});

describe('dateFromPosixSeconds', () => {
  test('rounds to the microsecond, then keeps whole milliseconds, as Python and BSON do', () => {
    expect(dateFromPosixSeconds(1645632787.618523).getTime()).toBe(1645632787618);
    // 0.5819995 s rounds to 582000 µs in Python: 582 ms, where a plain truncation gives 581.
    expect(dateFromPosixSeconds(1653087909.5819995).getTime()).toBe(1653087909582);
    expect(dateFromPosixSeconds(1604860720).getTime()).toBe(1604860720000);
  });
});

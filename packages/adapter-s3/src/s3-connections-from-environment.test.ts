import { describe, expect, test } from 'vitest';
import { s3ConnectionsFromEnvironment } from './s3-connections-from-environment.js';

describe('s3ConnectionsFromEnvironment', () => {
  test('maps the dtool-s3 variables of each named bucket', () => {
    const result = s3ConnectionsFromEnvironment(
      {
        'DTOOL_S3_ENDPOINT_test-bucket': 'http://127.0.0.1:9000',
        'DTOOL_S3_ACCESS_KEY_ID_test-bucket': 'testuser_access_key',
        'DTOOL_S3_SECRET_ACCESS_KEY_test-bucket': 'testuser_secret_key',
        'DTOOL_S3_DATASET_PREFIX_test-bucket': 'u/testuser/',
      },
      ['test-bucket'],
    );
    expect(result).toEqual({
      ok: true,
      value: new Map([
        [
          'test-bucket',
          {
            endpoint: 'http://127.0.0.1:9000',
            accessKeyId: 'testuser_access_key',
            secretAccessKey: 'testuser_secret_key',
            datasetPrefix: 'u/testuser/',
          },
        ],
      ]),
    });
  });

  test('gives a bucket without variables an empty connection, which uses the AWS defaults', () => {
    const result = s3ConnectionsFromEnvironment({ 'DTOOL_S3_ENDPOINT_other': 'http://other:9000' }, ['aws-bucket']);
    expect(result).toEqual({ ok: true, value: new Map([['aws-bucket', {}]]) });
  });

  test('keeps an endpoint without keys so the AWS credential chain signs its requests', () => {
    const result = s3ConnectionsFromEnvironment({ DTOOL_S3_ENDPOINT_b: 'https://s3.example.org' }, ['b']);
    expect(result).toEqual({ ok: true, value: new Map([['b', { endpoint: 'https://s3.example.org' }]]) });
  });

  test('treats empty values as unset but keeps an empty dataset prefix', () => {
    const result = s3ConnectionsFromEnvironment(
      { DTOOL_S3_ENDPOINT_b: ' ', DTOOL_S3_ACCESS_KEY_ID_b: '', DTOOL_S3_SECRET_ACCESS_KEY_b: '', DTOOL_S3_DATASET_PREFIX_b: '' },
      ['b'],
    );
    expect(result).toEqual({ ok: true, value: new Map([['b', { datasetPrefix: '' }]]) });
  });

  test('falls back to the global DTOOL_S3_DATASET_PREFIX of older dtool-s3 versions', () => {
    const result = s3ConnectionsFromEnvironment(
      { DTOOL_S3_DATASET_PREFIX: 'u/all/', DTOOL_S3_DATASET_PREFIX_own: 'u/own/' },
      ['own', 'shared'],
    );
    expect(result).toEqual({
      ok: true,
      value: new Map([
        ['own', { datasetPrefix: 'u/own/' }],
        ['shared', { datasetPrefix: 'u/all/' }],
      ]),
    });
  });

  test('reports an access key without its secret, naming the variables but not the values', () => {
    const result = s3ConnectionsFromEnvironment({ DTOOL_S3_ACCESS_KEY_ID_b: 'AKIAEXAMPLEKEY' }, ['b']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'DTOOL_S3_ACCESS_KEY_ID_b is set but DTOOL_S3_SECRET_ACCESS_KEY_b is not: set both, or neither to use the AWS credential chain',
    ]);
  });

  test('reports a secret without its access key without revealing the secret', () => {
    const result = s3ConnectionsFromEnvironment({ DTOOL_S3_SECRET_ACCESS_KEY_b: 'very-secret-value' }, ['b']);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toContain('DTOOL_S3_ACCESS_KEY_ID_b');
    expect(result.problems.join('\n')).not.toContain('very-secret-value');
  });

  test('reports every bad endpoint and every bucket with a problem', () => {
    const result = s3ConnectionsFromEnvironment(
      { DTOOL_S3_ENDPOINT_a: 'minio:9000', DTOOL_S3_ENDPOINT_b: 'ftp://host', DTOOL_S3_ACCESS_KEY_ID_c: 'key' },
      ['a', 'b', 'c'],
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(3);
    expect(result.problems[0]).toMatch(/^DTOOL_S3_ENDPOINT_a must be an http/);
    expect(result.problems[1]).toMatch(/^DTOOL_S3_ENDPOINT_b must be an http/);
    expect(result.problems[2]).toMatch(/^DTOOL_S3_ACCESS_KEY_ID_c is set/);
  });

  test('refuses an endpoint holding credentials, and never repeats them', () => {
    const result = s3ConnectionsFromEnvironment(
      { DTOOL_S3_ENDPOINT_a: 'https://AKIAKEY:endpoint-secret@minio.example.org', DTOOL_S3_ENDPOINT_b: 'ftp://key:other-secret@host:21' },
      ['a', 'b'],
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'DTOOL_S3_ENDPOINT_a must not hold credentials (user:password@); set DTOOL_S3_ACCESS_KEY_ID_a and DTOOL_S3_SECRET_ACCESS_KEY_a instead',
      'DTOOL_S3_ENDPOINT_b must not hold credentials (user:password@); set DTOOL_S3_ACCESS_KEY_ID_b and DTOOL_S3_SECRET_ACCESS_KEY_b instead',
    ]);
  });

  test('does not repeat an endpoint that is not a URL at all (it may be a misplaced secret)', () => {
    const result = s3ConnectionsFromEnvironment({ DTOOL_S3_ENDPOINT_b: 'wJalrXUtnFEMI/K7MDENG secret pasted here' }, ['b']);
    expect(result).toEqual({ ok: false, problems: [expect.stringMatching(/^DTOOL_S3_ENDPOINT_b must be an http.*its value is not a URL$/)] });
  });
});

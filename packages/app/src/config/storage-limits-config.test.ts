import { DEFAULT_STORAGE_LIMITS } from '@dtool-notify/domain';
import { describe, expect, test } from 'vitest';
import { readRuntimeConfig } from './runtime-config.js';
import type { Environment } from './setting-schemas.js';

const minimal = { DSERVER_NOTIFY_BUCKET_TO_BASE_URI: '{"b": "s3://b"}' };
const readServiceConfig = (env: Environment) => {
  const result = readRuntimeConfig(env);
  return result.ok ? { ok: true as const, value: result.value.service } : result;
};

describe('storage limits in the service configuration', () => {
  test('default to 32 MiB per dataset, depth 64, 1 MiB of YAML, 1,000 annotations and 10,000 tags', () => {
    expect(readServiceConfig(minimal)).toMatchObject({ ok: true, value: { storageLimits: DEFAULT_STORAGE_LIMITS } });
    expect(DEFAULT_STORAGE_LIMITS).toEqual({
      maxDatasetBytes: 33_554_432,
      maxBytesInFlight: 67_108_864,
      maxJsonDepth: 64,
      maxYamlDepth: 64,
      maxYamlBytes: 1_048_576,
      maxAnnotations: 1_000,
      maxTags: 10_000,
    });
  });

  test('are read from the environment', () => {
    const result = readServiceConfig({
      ...minimal,
      DSERVER_NOTIFY_MAX_DATASET_BYTES: '1048576',
      DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT: '4194304',
      DSERVER_NOTIFY_MAX_JSON_DEPTH: '32',
      DSERVER_NOTIFY_MAX_YAML_DEPTH: '16',
      DSERVER_NOTIFY_MAX_YAML_BYTES: '65536',
      DSERVER_NOTIFY_MAX_ANNOTATIONS: '10',
      DSERVER_NOTIFY_MAX_TAGS: '20',
    });
    expect(result).toMatchObject({
      ok: true,
      value: { storageLimits: { maxDatasetBytes: 1_048_576, maxBytesInFlight: 4_194_304, maxJsonDepth: 32, maxYamlDepth: 16, maxYamlBytes: 65_536, maxAnnotations: 10, maxTags: 20 } },
    });
  });

  test('hold twice the dataset limit in flight unless told, and never less than one dataset', () => {
    const raised = readServiceConfig({ ...minimal, DSERVER_NOTIFY_MAX_DATASET_BYTES: String(100 * 1024 * 1024) });
    expect(raised).toMatchObject({ ok: true, value: { storageLimits: { maxBytesInFlight: 200 * 1024 * 1024 } } });
    const inverted = readServiceConfig({ ...minimal, DSERVER_NOTIFY_MAX_DATASET_BYTES: '2097152', DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT: '1048576' });
    expect(inverted).toEqual({ ok: false, problems: [expect.stringMatching(/MAX_BYTES_IN_FLIGHT must be at least/)] });
  });

  test('out of bounds are reported together at start-up, one problem each', () => {
    const result = readServiceConfig({
      ...minimal,
      DSERVER_NOTIFY_MAX_DATASET_BYTES: '12',
      DSERVER_NOTIFY_MAX_JSON_DEPTH: '1000',
      DSERVER_NOTIFY_MAX_YAML_DEPTH: 'deep',
      DSERVER_NOTIFY_MAX_YAML_BYTES: '-1',
      DSERVER_NOTIFY_MAX_ANNOTATIONS: '0',
      DSERVER_NOTIFY_MAX_TAGS: '1.5',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(6);
    expect(result.problems).toContain('DSERVER_NOTIFY_MAX_JSON_DEPTH must be a whole number from 8 to 96; got "1000"');
  });
});

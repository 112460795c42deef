import type { StorageLimits } from '@dtool-notify/domain';
import { DEFAULT_STORAGE_LIMITS } from '@dtool-notify/domain';
import { readInteger, type Environment } from './read-environment.js';

const MIB = 1024 * 1024;

/**
 * Reads the limits on what is read from storage (README's configuration table), recording a
 * problem for each value out of bounds. The upper bounds keep a typo from lifting a guard:
 * past about 500 levels the YAML parser itself is what aborts Node.
 */
export function readStorageLimits(env: Environment, problems: string[]): StorageLimits {
  const defaults = DEFAULT_STORAGE_LIMITS;
  const maxDatasetBytes = readInteger(env, 'DSERVER_NOTIFY_MAX_DATASET_BYTES', defaults.maxDatasetBytes, { min: 64 * 1024, max: 1024 * MIB }, problems);
  // Without the variable, twice the dataset limit (so one largest dataset never waits for a small one).
  const maxBytesInFlight = readInteger(env, 'DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT', Math.max(defaults.maxBytesInFlight, 2 * maxDatasetBytes), { min: 64 * 1024, max: 4096 * MIB }, problems);
  if (maxBytesInFlight < maxDatasetBytes) {
    problems.push('DSERVER_NOTIFY_MAX_BYTES_IN_FLIGHT must be at least DSERVER_NOTIFY_MAX_DATASET_BYTES (a dataset of the largest size must fit)');
  }
  return {
    maxDatasetBytes,
    maxBytesInFlight,
    maxJsonDepth: readInteger(env, 'DSERVER_NOTIFY_MAX_JSON_DEPTH', defaults.maxJsonDepth, { min: 8, max: 96 }, problems),
    maxYamlDepth: readInteger(env, 'DSERVER_NOTIFY_MAX_YAML_DEPTH', defaults.maxYamlDepth, { min: 8, max: 96 }, problems),
    maxYamlBytes: readInteger(env, 'DSERVER_NOTIFY_MAX_YAML_BYTES', defaults.maxYamlBytes, { min: 1024, max: 64 * MIB }, problems),
    maxAnnotations: readInteger(env, 'DSERVER_NOTIFY_MAX_ANNOTATIONS', defaults.maxAnnotations, { min: 1, max: 100_000 }, problems),
    maxTags: readInteger(env, 'DSERVER_NOTIFY_MAX_TAGS', defaults.maxTags, { min: 1, max: 1_000_000 }, problems),
  };
}

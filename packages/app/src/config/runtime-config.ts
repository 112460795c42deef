import * as v from 'valibot';
import type { ConfigResult } from '@dtool-notify/domain';
import { environmentSchema } from './environment-schema.js';
import type { Environment } from './setting-schemas.js';

/** The service settings, how to reach each configured bucket, and Kafka's and dserver's settings when used. */
export type RuntimeConfig = v.InferOutput<typeof environmentSchema>;

/** Everything the service itself needs to run. */
export type ServiceConfig = RuntimeConfig['service'];

/**
 * Reads the whole configuration through the one environment schema. Every problem is
 * reported together, one line each, so an operator fixes them all in one restart.
 */
export function readRuntimeConfig(env: Environment): ConfigResult<RuntimeConfig> {
  const result = v.safeParse(environmentSchema, env);
  return result.success ? { ok: true, value: result.output } : { ok: false, problems: result.issues.map((issue) => issue.message) };
}

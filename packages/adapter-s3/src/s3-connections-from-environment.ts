import type { ConfigResult } from '@dtool-notify/domain';
import { connectionVariables, type BucketConnection } from './bucket-connection.js';

/**
 * Maps dtool-s3's per-bucket variables (`DTOOL_S3_ENDPOINT_<bucket>`,
 * `DTOOL_S3_ACCESS_KEY_ID_<bucket>`, `DTOOL_S3_SECRET_ACCESS_KEY_<bucket>`,
 * `DTOOL_S3_DATASET_PREFIX_<bucket>`, else the global `DTOOL_S3_DATASET_PREFIX`) to the
 * reader's bucket connections, one per named bucket, and reports every problem (a key
 * without its secret, an endpoint that is not an http(s) URL). Empty values count as unset;
 * problems name variables, never secret values.
 */
export function s3ConnectionsFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  buckets: readonly string[],
): ConfigResult<ReadonlyMap<string, BucketConnection>> {
  const problems: string[] = [];
  const connections = new Map<string, BucketConnection>();
  const valueOf = (name: string): string | undefined => {
    const value = env[name]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  for (const bucket of buckets) {
    const variables = connectionVariables(bucket);
    const endpoint = valueOf(variables.endpoint);
    const accessKeyId = valueOf(variables.accessKeyId);
    const secretAccessKey = valueOf(variables.secretAccessKey);
    // An empty prefix is meaningful: datasets at the bucket's top level.
    const datasetPrefix = env[variables.datasetPrefix] ?? env.DTOOL_S3_DATASET_PREFIX;
    const endpointProblem = endpoint === undefined ? undefined : describeEndpointProblem(endpoint, variables);
    if (endpointProblem !== undefined) problems.push(endpointProblem);
    if ((accessKeyId === undefined) !== (secretAccessKey === undefined)) {
      const [set, unset] = accessKeyId === undefined
        ? [variables.secretAccessKey, variables.accessKeyId]
        : [variables.accessKeyId, variables.secretAccessKey];
      problems.push(`${set} is set but ${unset} is not: set both, or neither to use the AWS credential chain`);
    }
    connections.set(bucket, {
      ...(endpoint === undefined ? {} : { endpoint }),
      ...(accessKeyId === undefined || secretAccessKey === undefined ? {} : { accessKeyId, secretAccessKey }),
      ...(datasetPrefix === undefined ? {} : { datasetPrefix }),
    });
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: connections };
}

/**
 * Why an endpoint cannot be used, or `undefined`. Its value is shown only when it parses as a
 * URL without credentials: anything else may be, or hold, a secret.
 */
function describeEndpointProblem(text: string, variables: ReturnType<typeof connectionVariables>): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `${variables.endpoint} must be an http:// or https:// URL like http://minio.example.org:9000; its value is not a URL`;
  }
  if (url.username !== '' || url.password !== '') {
    return `${variables.endpoint} must not hold credentials (user:password@); set ${variables.accessKeyId} and ${variables.secretAccessKey} instead`;
  }
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return undefined;
  return `${variables.endpoint} must be an http:// or https:// URL like http://minio.example.org:9000; got ${JSON.stringify(text)}`;
}

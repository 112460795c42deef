import type { ConfigResult } from './config-result.js';

/** Base URI schemes of S3-compatible dtool storage brokers (dtool-s3, dtool-ecs). */
export const BASE_URI_SCHEMES = ['s3', 'ecs'] as const;

/** Bucket name → dtool base URI (`{"my-bucket": "s3://my-bucket"}`). */
export type BucketToBaseUri = ReadonlyMap<string, string>;

/**
 * Parses the bucket → base URI map from its JSON text (the Python plugin's format) and
 * reports every problem: not an object, empty bucket names, unknown schemes, trailing
 * slashes, paths after the bucket.
 */
export function parseBucketToBaseUri(text: string, name = 'DSERVER_NOTIFY_BUCKET_TO_BASE_URI'): ConfigResult<BucketToBaseUri> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problems: [`${name} must be a JSON object like {"my-bucket": "s3://my-bucket"}; got ${JSON.stringify(text.slice(0, 80))}`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, problems: [`${name} must be a JSON object like {"my-bucket": "s3://my-bucket"}`] };
  }
  const problems: string[] = [];
  const map = new Map<string, string>();
  for (const [bucket, baseUri] of Object.entries(json)) {
    const problem = checkEntry(bucket, baseUri);
    if (problem === undefined) map.set(bucket, baseUri as string);
    else problems.push(`${name}: ${problem}`);
  }
  if (problems.length === 0 && map.size === 0) problems.push(`${name} names no bucket`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: map };
}

function checkEntry(bucket: string, baseUri: unknown): string | undefined {
  if (bucket.trim() === '') return 'a bucket name is empty';
  if (bucket.includes('/')) return `bucket name "${bucket}" contains "/"`;
  if (typeof baseUri !== 'string') return `the base URI of "${bucket}" must be a string`;
  const match = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/.exec(baseUri);
  if (match === null) return `the base URI of "${bucket}" ("${baseUri}") must look like s3://${bucket}`;
  const [, scheme = '', rest = ''] = match;
  if (!(BASE_URI_SCHEMES as readonly string[]).includes(scheme)) {
    return `the base URI of "${bucket}" ("${baseUri}") has scheme "${scheme}"; known schemes: ${BASE_URI_SCHEMES.join(', ')}`;
  }
  if (rest.endsWith('/')) return `the base URI of "${bucket}" ("${baseUri}") must not end with "/"`;
  if (rest === '') return `the base URI of "${bucket}" ("${baseUri}") names no bucket`;
  if (rest.includes('/')) return `the base URI of "${bucket}" ("${baseUri}") must name only a bucket, without a path`;
  return undefined;
}

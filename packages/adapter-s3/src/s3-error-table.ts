import { DtoolNotifyError } from '@dtool-notify/domain';
import { connectionVariables, describeEndpoint, type BucketConnection } from './bucket-connection.js';

/** What an S3 failure means to the reader. */
export type S3FailureKind = 'missing' | 'no-such-bucket' | 'access-denied' | 'retryable' | 'permanent';

/** Error names, S3 error codes and Node socket error codes, by what they mean. */
const KIND_BY_NAME: Readonly<Record<string, S3FailureKind>> = {
  NoSuchKey: 'missing',
  NotFound: 'missing',
  NoSuchBucket: 'no-such-bucket',
  AccessDenied: 'access-denied',
  Forbidden: 'access-denied',
  InvalidAccessKeyId: 'access-denied',
  SignatureDoesNotMatch: 'access-denied',
  InvalidToken: 'access-denied',
  ExpiredToken: 'access-denied',
  CredentialsProviderError: 'access-denied',
  SlowDown: 'retryable',
  TooManyRequests: 'retryable',
  RequestTimeout: 'retryable',
  ServiceUnavailable: 'retryable',
  InternalError: 'retryable',
  TimeoutError: 'retryable',
  AbortError: 'retryable',
  ECONNREFUSED: 'retryable',
  ECONNRESET: 'retryable',
  ETIMEDOUT: 'retryable',
  EPIPE: 'retryable',
  EHOSTUNREACH: 'retryable',
  ENETUNREACH: 'retryable',
  EAI_AGAIN: 'retryable',
  ENOTFOUND: 'retryable',
};

interface ErrorShape {
  readonly name?: unknown;
  readonly Code?: unknown;
  readonly code?: unknown;
  readonly message?: unknown;
  readonly $metadata?: { readonly httpStatusCode?: unknown };
}

/**
 * Classifies a failure thrown by the AWS SDK: by S3 error code or socket error first, then
 * by HTTP status (a HEAD response has no body, so 404/403 come without a code).
 */
export function classifyS3Error(error: unknown): S3FailureKind {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  for (const name of [shape.Code, shape.name, shape.code]) {
    if (typeof name === 'string' && KIND_BY_NAME[name] !== undefined) return KIND_BY_NAME[name];
  }
  if (typeof shape.message === 'string' && /socket hang up/i.test(shape.message)) return 'retryable';
  const status = shape.$metadata?.httpStatusCode;
  if (typeof status !== 'number') return 'retryable';
  if (status === 404) return 'missing';
  if (status === 401 || status === 403) return 'access-denied';
  if (status === 408 || status === 429 || status >= 500) return 'retryable';
  return 'permanent';
}

/** The code or name S3 or the socket gave a failure, for messages (never a credential). */
export function errorCodeOf(error: unknown): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as ErrorShape;
  const status = shape.$metadata?.httpStatusCode;
  const name = [shape.Code, shape.code, shape.name].find(
    (candidate): candidate is string => typeof candidate === 'string' && candidate !== 'Unknown' && candidate !== 'Error',
  );
  const parts = [name, typeof status === 'number' ? `HTTP ${status}` : undefined].filter((part) => part !== undefined);
  return parts.length > 0 ? parts.join(', ') : 'unknown error';
}

/** A failure the reader cannot answer with a result, as the domain's error, naming what to check. */
export function toNotifyError(
  kind: Exclude<S3FailureKind, 'missing'>,
  bucket: string,
  connection: BucketConnection,
  error: unknown,
): DtoolNotifyError {
  const where = `S3 bucket "${bucket}" at ${describeEndpoint(connection)}`;
  const code = errorCodeOf(error);
  const variables = connectionVariables(bucket);
  switch (kind) {
    case 'retryable':
      return new DtoolNotifyError('retryable', `${where} is unavailable for now (${code}); retry later`, { cause: error });
    case 'access-denied':
      return new DtoolNotifyError(
        'access-denied',
        `access to ${where} was denied (${code}); check ${variables.accessKeyId} and ${variables.secretAccessKey}` +
          ' (or the AWS credential chain when they are unset) and the bucket policy',
        { cause: error },
      );
    case 'no-such-bucket':
      return new DtoolNotifyError('permanent', `${where} does not exist (${code}); check ${variables.endpoint}`, { cause: error });
    case 'permanent':
      return new DtoolNotifyError('permanent', `${where} rejected the request (${code})`, { cause: error });
  }
}

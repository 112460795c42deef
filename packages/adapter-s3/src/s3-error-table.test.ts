import { DtoolNotifyError } from '@dtool-notify/domain';
import { describe, expect, test } from 'vitest';
import { classifyS3Error, errorCodeOf, toNotifyError } from './s3-error-table.js';

/** An error shaped as the AWS SDK throws them (S3ServiceException: name, Code, $metadata). */
function s3Error(name: string, status?: number): Error {
  return Object.assign(new Error(name), {
    name,
    ...(name === 'Unknown' || name === 'NotFound' ? {} : { Code: name }),
    $metadata: status === undefined ? {} : { httpStatusCode: status },
  });
}

function socketError(code: string, message = `connect ${code} 127.0.0.1:1`): Error {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 2 } });
}

describe('classifyS3Error', () => {
  test.each([
    ['NoSuchKey', 404, 'missing'],
    ['NotFound', 404, 'missing'],
    ['NoSuchBucket', 404, 'no-such-bucket'],
    ['AccessDenied', 403, 'access-denied'],
    ['InvalidAccessKeyId', 403, 'access-denied'],
    ['SignatureDoesNotMatch', 403, 'access-denied'],
    ['SlowDown', 503, 'retryable'],
    ['TooManyRequests', 429, 'retryable'],
    ['RequestTimeout', 400, 'retryable'],
    ['InternalError', 500, 'retryable'],
    ['InvalidArgument', 400, 'permanent'],
  ] as const)('maps S3 error %s (HTTP %d) to %s', (name, status, kind) => {
    expect(classifyS3Error(s3Error(name, status))).toBe(kind);
  });

  test.each([
    [404, 'missing'],
    [403, 'access-denied'],
    [503, 'retryable'],
    [502, 'retryable'],
    [400, 'permanent'],
  ] as const)('maps a HEAD response without a code by its status %d to %s', (status, kind) => {
    expect(classifyS3Error(s3Error('Unknown', status))).toBe(kind);
  });

  test.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'])('treats socket error %s as retryable', (code) => {
    expect(classifyS3Error(socketError(code))).toBe('retryable');
  });

  test('treats timeouts, aborts and hung-up sockets as retryable', () => {
    expect(classifyS3Error(Object.assign(new Error('timed out'), { name: 'TimeoutError' }))).toBe('retryable');
    expect(classifyS3Error(Object.assign(new Error('aborted'), { name: 'AbortError' }))).toBe('retryable');
    expect(classifyS3Error(new Error('socket hang up'))).toBe('retryable');
  });

  test('treats missing credentials as access denied', () => {
    const error = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    expect(classifyS3Error(error)).toBe('access-denied');
  });
});

describe('errorCodeOf', () => {
  test('names the S3 code and the HTTP status', () => {
    expect(errorCodeOf(s3Error('SlowDown', 503))).toBe('SlowDown, HTTP 503');
  });

  test('names a socket error by its code and a codeless HEAD response by its status', () => {
    expect(errorCodeOf(socketError('ECONNREFUSED'))).toBe('ECONNREFUSED');
    expect(errorCodeOf(s3Error('Unknown', 403))).toBe('HTTP 403');
  });
});

describe('toNotifyError', () => {
  const connection = { endpoint: 'http://127.0.0.1:9000', accessKeyId: 'AKIAKEY', secretAccessKey: 'super-secret-value' };

  test('makes a retryable error naming the bucket and the endpoint', () => {
    const error = toNotifyError('retryable', 'my-bucket', connection, socketError('ECONNREFUSED'));
    expect(error).toBeInstanceOf(DtoolNotifyError);
    expect(error.code).toBe('retryable');
    expect(error.message).toContain('"my-bucket"');
    expect(error.message).toContain('http://127.0.0.1:9000');
    expect(error.message).toContain('ECONNREFUSED');
  });

  test('makes an access-denied error naming the credential variables, never the secret', () => {
    const error = toNotifyError('access-denied', 'my-bucket', connection, s3Error('SignatureDoesNotMatch', 403));
    expect(error.code).toBe('access-denied');
    expect(error.message).toContain('DTOOL_S3_ACCESS_KEY_ID_my-bucket');
    expect(error.message).toContain('DTOOL_S3_SECRET_ACCESS_KEY_my-bucket');
    expect(error.message).not.toContain('super-secret-value');
  });

  test('makes a missing bucket a permanent error naming the bucket and its endpoint variable', () => {
    const error = toNotifyError('no-such-bucket', 'gone-bucket', {}, s3Error('NoSuchBucket', 404));
    expect(error.code).toBe('permanent');
    expect(error.message).toContain('"gone-bucket"');
    expect(error.message).toContain('the default AWS S3 endpoint');
    expect(error.message).toContain('DTOOL_S3_ENDPOINT_gone-bucket');
  });
});

import { describe, expect, test } from 'vitest';
import { classifyDserverAnswer, toDserverError } from './dserver-failure.js';

describe('classifyDserverAnswer', () => {
  test.each([
    [401, '{"msg": "Token has expired"}', 'token-rejected'],
    [422, '{"msg": "Signature verification failed"}', 'token-rejected'],
    [403, '{"code":403,"status":"Forbidden"}', 'forbidden'],
    [422, '{"code":422,"errors":{"json":{"custom":["Unknown field."]}}}', 'invalid'],
    [400, '{"code":400,"status":"Bad Request"}', 'invalid'],
    [500, '<html>Internal Server Error</html>', 'unavailable'],
    [502, '', 'unavailable'],
    [503, '', 'unavailable'],
    [429, '', 'unavailable'],
    [302, '', 'unexpected'],
  ] as const)('HTTP %i %s is %s', (status, body, failure) => {
    expect(classifyDserverAnswer({ status, body })).toBe(failure);
  });
});

describe('toDserverError', () => {
  test('maps permissions and tokens to access-denied, validation to permanent, outages to retryable', () => {
    expect(toDserverError({ status: 403, body: '' }, 'registration of s3://b/u')).toMatchObject({
      code: 'access-denied',
      message: expect.stringContaining('flask user register_permission'),
    });
    expect(toDserverError({ status: 401, body: '{"msg":"expired"}' }, 'GET /me').code).toBe('access-denied');
    expect(toDserverError({ status: 400, body: '' }, 'registration of s3://b/u').code).toBe('permanent');
    expect(toDserverError({ status: 503, body: '' }, 'registration of s3://b/u').code).toBe('retryable');
  });

  test('keeps quoted content short and free of control characters', () => {
    const message = toDserverError({ status: 400, body: `bad\n\u0000${'x'.repeat(1000)}` }, 'registration').message;
    expect(message).not.toMatch(/[\u0000-\u001f]/);
    expect(message.length).toBeLessThan(420);
  });
});

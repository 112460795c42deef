import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { readFixtureText } from '@dtool-notify/testkit';
import { send, startHarness, type Harness } from './harness.js';
import { rawRequest } from './raw-request.js';

const LIMIT = 4096;

describe('request bodies', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ bodyLimitBytes: LIMIT });
  });
  afterAll(async () => {
    await harness.close();
  });

  test('a declared Content-Length over the limit gets 413 before the body is read', async () => {
    const response = await rawRequest(`${harness.url}/webhook/notify`, {
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
      end: false,
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.text)).toEqual({ error: `the request body is larger than ${LIMIT} bytes`, limitBytes: LIMIT });
    expect(response.headers.connection).toBe('close');
  });

  test('a chunked body that grows past the limit gets 413 without waiting for its end', async () => {
    const response = await rawRequest(`${harness.url}/webhook/notify`, {
      headers: { 'content-type': 'application/json' },
      chunks: ['{"Records": [', ' '.repeat(LIMIT)],
      end: false,
    });
    expect(response.status).toBe(413);
  });

  test('a body of exactly the limit is read', async () => {
    const body = `{"Records": []}${' '.repeat(LIMIT - 15)}`;
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const response = await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json' });
    expect(response.status).toBe(200);
  });

  test('invalid JSON gets 400 with the reason', async () => {
    const response = await send(`${harness.url}/webhook/notify`, { body: '{"Records": [', contentType: 'application/json' });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({ error: expect.stringMatching(/^the body is not valid JSON/) });
  });

  test('a body that is not an S3 notification gets 400 with the reason', async () => {
    const response = await send(`${harness.url}/webhook/notify`, { body: '{"Records": [{"eventName": 3}]}', contentType: 'application/json' });
    expect(response.status).toBe(400);
    expect(response.json?.['error']).toMatch(/Records\[0\]/);
  });

  test('invalid UTF-8 gets 400', async () => {
    const response = await rawRequest(`${harness.url}/webhook/notify`, {
      headers: { 'content-type': 'application/json' },
      chunks: [Uint8Array.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.text)).toEqual({ error: 'the request body is not valid UTF-8' });
  });

  test.each([['image/png'], ['multipart/form-data; boundary=x'], ['application/xml']])('content type %s gets 415', async (contentType) => {
    const response = await send(`${harness.url}/webhook/notify`, { body: readFixtureText('aws/s3-test-event.json'), contentType });
    expect(response.status).toBe(415);
    expect(response.json?.['error']).toMatch(/is not supported/);
  });

  test('an unsupported content type is refused before its body is read', async () => {
    const response = await rawRequest(`${harness.url}/webhook/notify`, {
      headers: { 'content-type': 'image/png', 'content-length': String(LIMIT * 10) },
      end: false,
    });
    expect(response.status).toBe(415);
  });

  test('a compressed body gets 415', async () => {
    const response = await send(`${harness.url}/webhook/notify`, {
      body: readFixtureText('aws/s3-test-event.json'),
      contentType: 'application/json',
      headers: { 'content-encoding': 'gzip' },
    });
    expect(response.status).toBe(415);
  });

  test('JSON with a charset and without a content type is read', async () => {
    const body = readFixtureText('aws/s3-test-event.json');
    expect((await send(`${harness.url}/webhook/notify`, { body, contentType: 'application/json; charset=utf-8' })).status).toBe(200);
    const untyped = await rawRequest(`${harness.url}/webhook/notify`, { chunks: [body] });
    expect(untyped.status).toBe(200);
  });

  test('the service keeps serving after refusing a body', async () => {
    await rawRequest(`${harness.url}/webhook/notify`, { headers: { 'content-length': String(LIMIT + 1) }, end: false });
    expect((await send(`${harness.url}/health`, { method: 'GET' })).status).toBe(200);
  });
});

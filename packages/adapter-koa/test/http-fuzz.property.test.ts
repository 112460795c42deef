import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildDataset, storageFor, writeDataset } from '@dtool-notify/testkit';
import { startHarness, type Harness } from './harness.js';

const LIMIT = 4096;
const TOKEN = 'fuzz-t0ken-0123456789';
const UUID = '5f3c2b1a-0e9d-4c8b-a7f6-e5d4c3b2a190';
const REAL_KEY = `u/fuzz/${UUID}/dtool`;
const RUNS = { numRuns: 250 };

/** One request as the fuzzer builds it. */
interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly body: Buffer;
  readonly contentType: string | undefined;
  readonly contentEncoding: string | undefined;
  /** Send without Content-Length, so the body goes chunked. */
  readonly chunked: boolean;
  readonly authorization?: string;
}

/** Sends a request with the path exactly as given (a URL string would normalise `..` and escapes). */
function send(harness: Harness, fuzz: FuzzRequest): Promise<{ status: number; text: string }> {
  const { hostname, port } = new URL(harness.url);
  const headers: Record<string, string> = {};
  if (fuzz.contentType !== undefined) headers['content-type'] = fuzz.contentType;
  if (fuzz.contentEncoding !== undefined) headers['content-encoding'] = fuzz.contentEncoding;
  if (fuzz.authorization !== undefined) headers['authorization'] = fuzz.authorization;
  if (!fuzz.chunked) headers['content-length'] = String(fuzz.body.length);
  return new Promise((resolve, reject) => {
    let answered = false;
    const request = httpRequest({ host: hostname, port, method: fuzz.method, path: fuzz.path, headers, agent: false }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        answered = true;
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(parts).toString('utf8') });
        request.destroy();
      });
    });
    // The server may answer (413, 415) and close before the whole body is written.
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    request.end(fuzz.body);
  });
}

const writesOf = (harness: Harness): number => harness.index.counts.upserts + harness.index.counts.deletes;

const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain; charset=UTF-8',
      'application/x-www-form-urlencoded',
      'application/cloudevents+json',
      'application/xml',
      'multipart/form-data; boundary=x',
      'image/png',
      '',
    ),
    fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,40}$/),
  ),
  { nil: undefined },
);
const contentEncoding = fc.option(fc.constantFrom('gzip', 'identity', 'br', 'deflate, gzip', 'IDENTITY'), { nil: undefined, freq: 4 });
/**
 * Routes that read a body and name no real key in their path. With `escapes`, paths may hold
 * malformed percent-escapes, which are refused (400) before the guard and the body.
 */
const junkRoutes = (escapes: boolean): fc.Arbitrary<{ method: string; path: string }> => {
  const segment = escapes ? fc.stringMatching(/^[A-Za-z0-9._~%-]{1,16}$/) : fc.stringMatching(/^[A-Za-z0-9._~-]{1,16}$/);
  const special = escapes ? fc.constantFrom('..', '.', '%2e%2e', '%2F', UUID, 'dtool') : fc.constantFrom('..', '.', UUID, 'dtool');
  const keyPath = fc.array(fc.oneof(segment, special), { minLength: 1, maxLength: 5 }).map((segments) => segments.join('/'));
  return fc.oneof(
    fc.constant({ method: 'POST', path: '/webhook/notify' }),
    segment.map((name) => ({ method: 'POST', path: `/webhook/notify/${name}` })),
    fc.constant({ method: 'POST', path: '/elastic-search/dtool/_doc' }),
    fc.tuple(fc.constantFrom('PUT', 'POST'), keyPath).map(([method, key]) => ({ method, path: `/elastic-search/notify/all/elsewhere_${key}` })),
  );
};
const junkRoute = junkRoutes(true);

/** Bodies that are no notification: bytes, any text, any JSON value. */
const junkBody = fc.oneof(
  fc.uint8Array({ maxLength: 1024 }).map((bytes) => Buffer.from(bytes)),
  fc.string({ unit: 'binary', maxLength: 512 }).map((text) => Buffer.from(text, 'utf8')),
  fc.jsonValue({ maxDepth: 8 }).map((value) => Buffer.from(JSON.stringify(value) ?? 'null', 'utf8')),
);

/** Mostly the right shape, sometimes anything: notifications that almost name the real dataset. */
const orAnything = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ arbitrary, weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 });
const nearMissRecord = fc.record({
  eventName: orAnything(fc.constantFrom('s3:ObjectCreated:Put', 'ObjectRemoved:Delete', 's3:ObjectAccessed:Get')),
  s3: orAnything(
    fc.record({
      bucket: orAnything(fc.record({ name: orAnything(fc.constantFrom('test-bucket', 'elsewhere')) })),
      object: orAnything(fc.record({ key: orAnything(fc.constantFrom(encodeURIComponent(REAL_KEY), `${encodeURIComponent(REAL_KEY)}%`, '%zz', REAL_KEY)) })),
    }),
  ),
});
const nearMissBody = fc.oneof(
  fc.array(orAnything(nearMissRecord), { maxLength: 3 }).map((Records) => Buffer.from(JSON.stringify({ Records }))),
  fc.record({ bucket: orAnything(fc.constant('test-bucket')), key: orAnything(fc.constant(REAL_KEY)) }).map((document) => Buffer.from(JSON.stringify(document))),
  fc.array(fc.tuple(fc.constantFrom('Action', 'Message', 'TopicArn', '__proto__'), fc.string()), { maxLength: 4 }).map((fields) =>
    Buffer.from(fields.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&')),
  ),
);
const nearMissRoute = fc.constantFrom(
  { method: 'POST', path: '/webhook/notify' },
  { method: 'POST', path: '/elastic-search/dtool/_doc' },
  { method: 'PUT', path: `/elastic-search/notify/all/test-bucket_${REAL_KEY}` },
);
/** Every route, with paths that route cleanly, so what is answered depends on the guard and the body. */
const wellFormedRoute = fc.oneof(junkRoutes(false), nearMissRoute);

const fuzzRequest = (route: fc.Arbitrary<{ method: string; path: string }>, body: fc.Arbitrary<Buffer>): fc.Arbitrary<FuzzRequest> =>
  fc.record({ route, body, contentType, contentEncoding, chunked: fc.boolean() }).map(({ route: { method, path }, ...rest }) => ({ method, path, ...rest }));

/** What any notify route may answer; the Elasticsearch document route answers 201 where the others answer 200. */
const ALLOWED = [200, 201, 400, 413, 415];

function expectNoUnexpectedError(harness: Harness): void {
  const unexpected = harness.logger.lines.filter((line) => line.fields['event'] === 'unexpected-error' || line.fields['event'] === 'response-error');
  expect(unexpected).toEqual([]);
}

describe('HTTP body handling under fuzzing', () => {
  let harness: Harness;
  let guarded: Harness;
  beforeAll(async () => {
    harness = await startHarness({ bodyLimitBytes: LIMIT });
    guarded = await startHarness({ bodyLimitBytes: LIMIT, authToken: TOKEN });
    for (const each of [harness, guarded]) {
      await writeDataset(storageFor(each.store, 'test-bucket'), buildDataset({ bucket: 'test-bucket', uuid: UUID, prefix: 'u/fuzz/' }));
    }
  });
  afterAll(async () => {
    await harness?.close();
    await guarded?.close();
  });

  test('junk bodies get 200, 201, 400, 413 or 415, never a 5xx or a thrown error, and never write', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest(junkRoute, junkBody), async (fuzz) => {
        const writes = writesOf(harness);
        const { status, text } = await send(harness, fuzz);
        expect(ALLOWED).toContain(status);
        if (status >= 400) expect(JSON.parse(text)).toEqual(expect.objectContaining({ error: expect.any(String) }));
        expect(writesOf(harness)).toBe(writes);
        expectNoUnexpectedError(harness);
      }),
      RUNS,
    );
  });

  test('near-miss notifications of a real dataset never write when they are refused', async () => {
    await fc.assert(
      fc.asyncProperty(fuzzRequest(nearMissRoute, nearMissBody), async (fuzz) => {
        const writes = writesOf(harness);
        const { status } = await send(harness, fuzz);
        expect(ALLOWED).toContain(status);
        if (status >= 400) expect(writesOf(harness)).toBe(writes);
        expectNoUnexpectedError(harness);
      }),
      RUNS,
    );
  });

  test('bodies over the limit get 413 (415 when refused unread), declared or chunked, and never write', async () => {
    const oversized = fc.integer({ min: LIMIT + 1, max: LIMIT * 4 }).chain((size) => fc.constantFrom(0x20, 0x7b, 0x00).map((byte) => Buffer.alloc(size, byte)));
    await fc.assert(
      fc.asyncProperty(fuzzRequest(wellFormedRoute, oversized), async (fuzz) => {
        const writes = writesOf(harness);
        const { status } = await send(harness, fuzz);
        expect([413, 415]).toContain(status);
        expect(writesOf(harness)).toBe(writes);
        expectNoUnexpectedError(harness);
      }),
      { numRuns: 60 },
    );
  });

  test('with a token configured, a missing or wrong token gets 401 whatever the body; the right one reaches the body', async () => {
    const authorization = fc.oneof(
      fc.constant(undefined),
      fc.constant(`Bearer ${TOKEN}`),
      fc.constant(`Basic ${Buffer.from(`elastic:${TOKEN}`).toString('base64')}`),
      fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,60}$/),
      fc.string({ maxLength: 30 }).map((text) => `Bearer ${TOKEN}${text.replace(/[^\x21-\x7e]/g, 'x')}`.trim()),
    );
    const request = fc.record({ fuzz: fuzzRequest(wellFormedRoute, fc.oneof(junkBody, nearMissBody)), authorization });
    await fc.assert(
      fc.asyncProperty(request, async ({ fuzz, authorization: presented }) => {
        const writes = writesOf(guarded);
        const { status } = await send(guarded, { ...fuzz, ...(presented === undefined ? {} : { authorization: presented }) });
        const valid = presented === `Bearer ${TOKEN}` || presented === `Basic ${Buffer.from(`elastic:${TOKEN}`).toString('base64')}`;
        if (valid) expect(ALLOWED).toContain(status);
        else {
          expect(status).toBe(401);
          expect(writesOf(guarded)).toBe(writes);
        }
        expectNoUnexpectedError(guarded);
      }),
      RUNS,
    );
  });
});

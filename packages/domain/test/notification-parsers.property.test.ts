import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  parseElasticsearchTargetDocument,
  parseS3EventNotification,
  parseSnsForm,
  parseSnsJson,
  parseStorageGridSearchRequest,
  parseWebhookBody,
  type ParseResult,
} from '../src/index.js';

const RUNS = { numRuns: 1000 };

/** Every parser's contract: one of the four kinds, sound records, a reason for every rejection. */
function expectWellFormed(result: ParseResult): void {
  switch (result.kind) {
    case 'records':
      for (const record of result.records) {
        if (record.type === 'event') {
          expect(['created', 'removed']).toContain(record.event.kind);
          expect(record.event.bucket).not.toBe('');
          expect(record.event.key).not.toBe('');
        } else {
          expect(record.ignored.reason).not.toBe('');
        }
      }
      return;
    case 'acknowledged':
    case 'rejected':
      expect(typeof result.reason === 'string' && result.reason.length > 0).toBe(true);
      return;
    case 'subscription-confirmation':
      expect(result.subscribeUrl.startsWith('https://')).toBe(true);
      return;
    default:
      throw new Error(`unexpected result ${JSON.stringify(result)}`);
  }
}

/** Mostly the well-formed value, sometimes anything at all, so that both paths are exercised. */
const orAnything = <T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<unknown> =>
  fc.oneof({ arbitrary, weight: 9 }, { arbitrary: fc.anything(), weight: 1 });
const escapes = fc.constantFrom('%', '%2F', '%E0%A4%A', '%zz', '%00', '%C3%A9', '+', '%2B', '__proto__');
const tricky = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), escapes, fc.array(fc.oneof(escapes, fc.string())).map((parts) => parts.join('')));
const eventName = fc.oneof(fc.constantFrom('s3:ObjectCreated:Put', 'ObjectRemoved:Delete', 's3:ObjectAccessed:Get', 'LifecycleExpiration:Delete'), fc.string());
const s3Record = fc.record(
  {
    eventName: orAnything(eventName),
    eventTime: orAnything(fc.string()),
    s3: orAnything(
      fc.record({
        bucket: orAnything(fc.record({ name: orAnything(fc.string({ minLength: 1 })) })),
        object: orAnything(fc.record({ key: orAnything(fc.oneof(fc.string(), tricky)), sequencer: orAnything(fc.string()) }, { requiredKeys: ['key'] })),
      }),
    ),
  },
  { requiredKeys: ['eventName', 's3'] },
);
const s3Notification = fc.record({ Records: orAnything(fc.array(orAnything(s3Record), { maxLength: 3 })) });
const s3Text = s3Notification.map((value) => JSON.stringify(value) ?? 'null');
const snsJson = fc.record(
  {
    Type: orAnything(fc.constantFrom('Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation')),
    TopicArn: orAnything(fc.string()),
    Message: orAnything(fc.oneof(s3Text, fc.string())),
    SubscribeURL: orAnything(fc.oneof(fc.webUrl(), fc.string())),
    Token: orAnything(fc.string()),
  },
  { requiredKeys: [] },
);
const formField = fc.tuple(fc.oneof(fc.constantFrom('Action', 'Message', 'TopicArn', '__proto__'), tricky), fc.oneof(fc.constant('Publish'), s3Text.map(encodeURIComponent), tricky));
const formBody = fc.oneof(fc.string(), fc.array(formField, { maxLength: 5 }).map((fields) => fields.map(([name, value]) => `${name}=${value}`).join('&')));
const contentType = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('application/json', 'text/plain; charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/x+json'),
  fc.string(),
);
const path = fc.array(fc.oneof(tricky, fc.constantFrom('notify', 'all', 'bucket_', 'bucket', '')), { maxLength: 6 }).map((segments) => segments.join('/'));

describe('notification parsers never throw', () => {
  test('parseS3EventNotification on anything, any JSON value and S3-shaped values', () => {
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.jsonValue(), s3Notification), (input) => expectWellFormed(parseS3EventNotification(input))), RUNS);
  });

  test('parseS3EventNotification returns one record per input record, keys decoded back as S3 encoded them', () => {
    const key = fc.string({ unit: 'grapheme', minLength: 1 });
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 8 }), (keys) => {
        const Records = keys.map((plain) => ({
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'b' }, object: { key: encodeURIComponent(plain).replaceAll('%20', '+') } },
        }));
        const result = parseS3EventNotification({ Records });
        expect(result.kind === 'records' && result.records.map((record) => record.type === 'event' && record.event.key)).toEqual(keys);
      }),
      RUNS,
    );
  });

  test('parseElasticsearchTargetDocument on anything', () => {
    fc.assert(fc.property(fc.oneof(fc.anything(), s3Notification), (input) => expectWellFormed(parseElasticsearchTargetDocument(input))), RUNS);
  });

  test('parseSnsJson on anything and SNS-shaped values', () => {
    fc.assert(fc.property(fc.oneof(fc.anything(), fc.jsonValue(), snsJson), (input) => expectWellFormed(parseSnsJson(input))), RUNS);
  });

  test('parseSnsForm on any string and arbitrary forms', () => {
    fc.assert(fc.property(formBody, (body) => expectWellFormed(parseSnsForm(body))), RUNS);
  });

  test('parseWebhookBody on any content type and body', () => {
    const body = fc.oneof(fc.string(), fc.jsonValue().map((value) => JSON.stringify(value) ?? ''), s3Text, snsJson.map((value) => JSON.stringify(value)), formBody);
    fc.assert(
      fc.property(contentType, body, (type, text) => {
        const result = parseWebhookBody({ contentType: type, body: text });
        expectWellFormed(result);
        if (result.kind === 'rejected' && result.unsupportedMediaType === true) expect(result.reason).toContain('not supported');
      }),
      RUNS,
    );
  });

  test('parseStorageGridSearchRequest on any method, path, body and bucket list', () => {
    const method = fc.oneof(fc.constantFrom('PUT', 'POST', 'DELETE', 'GET', 'HEAD', 'put'), fc.string());
    const buckets = fc.array(fc.oneof(fc.string(), fc.constantFrom('bucket', 'bucket_', '')), { maxLength: 4 });
    const body = fc.oneof(fc.constant(undefined), fc.anything(), fc.record({ bucket: orAnything(fc.string()), key: orAnything(tricky) }, { requiredKeys: [] }));
    fc.assert(
      fc.property(method, path, body, buckets, (verb, where, document, names) => {
        const request = document === undefined ? { method: verb, path: where } : { method: verb, path: where, body: document };
        expectWellFormed(parseStorageGridSearchRequest(request, names));
      }),
      RUNS,
    );
  });

  test('no input pollutes Object.prototype', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { parseBucketToBaseUri } from './bucket-to-base-uri.js';

describe('parseBucketToBaseUri', () => {
  test('reads the JSON map of the Python plugin', () => {
    const result = parseBucketToBaseUri('{"test-bucket": "s3://test-bucket", "frct-simdata": "ecs://frct-simdata"}');
    expect(result).toEqual({
      ok: true,
      value: new Map([
        ['test-bucket', 's3://test-bucket'],
        ['frct-simdata', 'ecs://frct-simdata'],
      ]),
    });
  });

  test('lists every problem at once', () => {
    const result = parseBucketToBaseUri('{"a": "s3://a/", "b": "http://b", "c": 3, "d": "s3://d/path", "e": "nothing"}');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(5);
    expect(result.problems.join('\n')).toMatch(/"a".*must not end with "\/"/);
    expect(result.problems.join('\n')).toMatch(/"b".*scheme "http"; known schemes: s3, ecs/);
    expect(result.problems.join('\n')).toMatch(/"c" must be a string/);
    expect(result.problems.join('\n')).toMatch(/"d".*without a path/);
    expect(result.problems.join('\n')).toMatch(/"e".*must look like s3:\/\/e/);
  });

  test.each(['not json', '[]', '"s3://x"', 'null', '{}'])('rejects %s with a message naming the variable', (text) => {
    const result = parseBucketToBaseUri(text);
    expect(result).toEqual({ ok: false, problems: [expect.stringContaining('DSERVER_NOTIFY_BUCKET_TO_BASE_URI')] });
  });
});

import { describe, expect, test } from 'vitest';
import { classifyMediaType } from './classify-media-type.js';

describe('classifyMediaType', () => {
  test.each([
    [undefined, 'json'],
    ['', 'json'],
    ['application/json', 'json'],
    ['Application/JSON; charset=UTF-8', 'json'],
    ['text/plain; charset=UTF-8', 'json'],
    ['application/cloudevents+json', 'json'],
    ['application/vnd.api+json', 'json'],
    ['application/x-www-form-urlencoded', 'form'],
    ['application/x-www-form-urlencoded; charset=utf-8', 'form'],
    [' APPLICATION/X-WWW-FORM-URLENCODED ', 'form'],
    ['multipart/form-data; boundary=x', 'unsupported'],
    ['application/xml', 'unsupported'],
    ['text/html', 'unsupported'],
    ['application/+json', 'unsupported'],
    ['application/a/b+json', 'unsupported'],
    ['json', 'unsupported'],
  ])('reads %j as %s', (contentType, format) => {
    expect(classifyMediaType(contentType)).toBe(format);
  });
});

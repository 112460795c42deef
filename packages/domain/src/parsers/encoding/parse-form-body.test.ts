import { describe, expect, test } from 'vitest';
import { parseFormBody } from './parse-form-body.js';

describe('parseFormBody', () => {
  test('reads every field, decoding names and values, keeping repeated values in order', () => {
    const form = parseFormBody('Action=Publish&Message=a+b%26c&x=1&x=2&flag&=empty-name');
    expect(form.ok && [...form.value]).toEqual([
      ['Action', ['Publish']],
      ['Message', ['a b&c']],
      ['x', ['1', '2']],
      ['flag', ['']],
      ['', ['empty-name']],
    ]);
  });

  test('splits a pair at its first "=" only', () => {
    const form = parseFormBody('Message=a=b');
    expect(form.ok && form.value.get('Message')).toEqual(['a=b']);
  });

  test('fails on a malformed escape, naming the field', () => {
    expect(parseFormBody('Message=%E0%A4%A')).toEqual({ ok: false, reason: 'form field "Message" has a malformed percent-escape' });
  });

  test('keeps __proto__ as an ordinary field name', () => {
    const form = parseFormBody('__proto__=x');
    expect(form.ok && form.value.get('__proto__')).toEqual(['x']);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

import { describe, expect, test } from 'vitest';
import { decodeMetadata, decodeMetadataValue } from './decode-metadata-value.js';

describe('decodeMetadataValue', () => {
  test('returns plain ASCII values unchanged', () => {
    expect(decodeMetadataValue('1645632787.071341')).toBe('1645632787.071341');
    expect(decodeMetadataValue('a=?b')).toBe('a=?b');
  });

  test('decodes a base64 UTF-8 encoded word as S3 returns non-ASCII metadata', () => {
    expect(decodeMetadataValue('=?UTF-8?B?SsO2cmc=?=')).toBe('Jörg');
  });

  test('decodes a quoted-printable encoded word with underscores as spaces', () => {
    expect(decodeMetadataValue('=?utf-8?q?J=C3=B6rg_M=C3=BCller?=')).toBe('Jörg Müller');
  });

  test('joins adjacent encoded words and keeps surrounding text', () => {
    expect(decodeMetadataValue('name: =?UTF-8?B?SsO2?= =?UTF-8?B?cmc=?=!')).toBe('name: Jörg!');
  });

  test('leaves an encoded word with an unknown charset or invalid bytes as it is', () => {
    expect(decodeMetadataValue('=?x-unknown?B?SsO2cmc=?=')).toBe('=?x-unknown?B?SsO2cmc=?=');
    expect(decodeMetadataValue('=?UTF-8?Q?=FF?=')).toBe('=?UTF-8?Q?=FF?=');
  });
});

describe('decodeMetadata', () => {
  test('decodes every value and keeps the keys', () => {
    expect(decodeMetadata({ creator_username: '=?UTF-8?B?SsO2cmc=?=', type: 'dataset' })).toEqual({
      creator_username: 'Jörg',
      type: 'dataset',
    });
  });
});

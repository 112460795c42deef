import { describe, expect, test } from 'vitest';
import { classifyObjectKey, datasetDirectoryKey, registrationKeyUuid } from './classify-object-key.js';

const uuid = '6ea79d31-f100-486a-9e78-c5b609cb35de';

describe('classifyObjectKey', () => {
  // The production keys of DESIGN.md §2 (bucket frct-simdata), after the bucket is split off.
  test.each([
    ['u/lp1029/6ea79d31-f100-486a-9e78-c5b609cb35de/dtool', '6ea79d31-f100-486a-9e78-c5b609cb35de', 'u/lp1029/', 'admin-metadata'],
    ['6ea79d31-f100-486a-9e78-c5b609cb35de/dtool', '6ea79d31-f100-486a-9e78-c5b609cb35de', '', 'admin-metadata'],
    ['u/lp1029/6ea79d31-f100-486a-9e78-c5b609cb35de/README.yml', '6ea79d31-f100-486a-9e78-c5b609cb35de', 'u/lp1029/', 'readme'],
    [
      'u/as1412/800f1b37-4bff-4013-805d-1a1ff61de1f2/data/18a3e253316409e313493b853f42f3f95243c404',
      '800f1b37-4bff-4013-805d-1a1ff61de1f2',
      'u/as1412/',
      'item',
    ],
    [
      'u/lp1029/a7e3405b-5efa-49ca-95d3-4068190d50a2/annotations/test_annotation.json',
      'a7e3405b-5efa-49ca-95d3-4068190d50a2',
      'u/lp1029/',
      'annotation',
    ],
  ])('maps the production key %s to its uuid, prefix and part', (key, expectedUuid, prefix, part) => {
    const result = classifyObjectKey(key);
    expect(result).toMatchObject({ kind: 'dataset-object', uuid: expectedUuid, prefix, part: { kind: part } });
  });

  test('maps a registration key to its uuid with the prefix left to its body', () => {
    expect(classifyObjectKey('dtool-f8784b1e-ba60-4200-baa7-397856fe83ec')).toEqual({
      kind: 'dataset-object',
      uuid: 'f8784b1e-ba60-4200-baa7-397856fe83ec',
      prefix: undefined,
      part: { kind: 'registration' },
    });
  });

  test.each([
    ['manifest.json', 'manifest'],
    ['structure.json', 'structure'],
    ['README.txt', 'dtool-readme'],
    ['http_manifest.json', 'http-manifest'],
    ['tags/raw-data', 'tag'],
    ['overlays/mask.json', 'overlay'],
    ['fragments/abc.json', 'fragment'],
  ])('recognises the %s part', (rest, part) => {
    expect(classifyObjectKey(`p/${uuid}/${rest}`)).toMatchObject({ uuid, prefix: 'p/', part: { kind: part } });
  });

  test('names tags and annotations', () => {
    expect(classifyObjectKey(`${uuid}/tags/raw data`)).toMatchObject({ part: { kind: 'tag', name: 'raw data' } });
    expect(classifyObjectKey(`${uuid}/annotations/project.json`)).toMatchObject({
      part: { kind: 'annotation', name: 'project' },
    });
  });

  test('finds the dataset when the prefix itself contains a uuid', () => {
    const other = '11111111-2222-4333-8444-555555555555';
    expect(classifyObjectKey(`projects/${other}/runs/${uuid}/dtool`)).toMatchObject({
      uuid,
      prefix: `projects/${other}/runs/`,
    });
  });

  test('keeps a uuid-looking tag as a tag of the enclosing dataset', () => {
    const tag = '11111111-2222-4333-8444-555555555555';
    expect(classifyObjectKey(`u/${uuid}/tags/${tag}`)).toMatchObject({ uuid, part: { kind: 'tag', name: tag } });
  });

  test('accepts spaces and unicode in the prefix', () => {
    expect(classifyObjectKey(`Prüfungen 2024/Ørsted/${uuid}/README.yml`)).toMatchObject({
      uuid,
      prefix: 'Prüfungen 2024/Ørsted/',
      part: { kind: 'readme' },
    });
  });

  test('accepts a prefix that does not end in a slash, as dtool-s3 concatenates it', () => {
    expect(classifyObjectKey(`alice_${uuid}/dtool`)).toMatchObject({ uuid, prefix: 'alice_' });
  });

  test('keeps the uuid as the key writes it: the identity rule, not the key parser, judges its case', () => {
    expect(classifyObjectKey(`${uuid.toUpperCase()}/dtool`)).toMatchObject({ uuid: uuid.toUpperCase() });
  });

  test.each([
    ['notes/readme.md'],
    [`${uuid}`],
    [`${uuid}/`],
    [`${uuid}/unknown-part`],
    [`${uuid}/tags/`],
    [`${uuid}/tags/a/b`],
    [`${uuid}/annotations/no-extension`],
    [`${uuid}/data/`],
    ['dtool-not-a-uuid'],
    [''],
  ])('says %j is not part of a dtool dataset', (key) => {
    const result = classifyObjectKey(key);
    expect(result.kind).toBe('not-dtool');
    expect(result).toHaveProperty('reason');
  });

  test.each([
    [`u/x/../hostile/${uuid}/dtool`, '".." segment'],
    [`../${uuid}/dtool`, '".." segment'],
    [`u/./${uuid}/manifest.json`, '"." or ".." segment'],
    [`${uuid}/tags/..`, '".." segment'],
    [`u/alice\u0000/${uuid}/dtool`, 'control character'],
    [`u/alice/${uuid}/dtool\n`, 'control character'],
    [`u/alice\ud800/${uuid}/dtool`, 'not well-formed Unicode'],
  ])('refuses %j, which dtool never writes and which must not reach S3', (key, reason) => {
    const result = classifyObjectKey(key);
    expect(result).toEqual({ kind: 'not-dtool', reason: expect.stringContaining(reason) });
  });

  test('keeps dots that are not whole segments, and well-formed astral characters', () => {
    expect(classifyObjectKey(`u/a..b/.hidden/${uuid}/dtool`)).toMatchObject({ kind: 'dataset-object', prefix: 'u/a..b/.hidden/' });
    expect(classifyObjectKey(`u/\u{1F600}/${uuid}/dtool`)).toMatchObject({ kind: 'dataset-object', prefix: 'u/\u{1F600}/' });
  });
});

describe('registrationKeyUuid', () => {
  test('reads the uuid of a top-level dtool-<uuid> key only', () => {
    expect(registrationKeyUuid(`dtool-${uuid}`)).toBe(uuid);
    expect(registrationKeyUuid(`u/dtool-${uuid}`)).toBeUndefined();
    expect(registrationKeyUuid(`dtool-${uuid}x`)).toBeUndefined();
    expect(registrationKeyUuid(`dtool-${uuid.slice(1)}`)).toBeUndefined();
  });
});

describe('datasetDirectoryKey', () => {
  test('splits a key relative to a prefix into its dataset directory and the path there', () => {
    expect(datasetDirectoryKey(`${uuid}/dtool`)).toEqual({ uuid, path: 'dtool' });
    expect(datasetDirectoryKey(`${uuid}/tags/raw`)).toEqual({ uuid, path: 'tags/raw' });
    // A key may hold a newline: the path is kept whole.
    expect(datasetDirectoryKey(`${uuid}/data/a\nb`)).toEqual({ uuid, path: 'data/a\nb' });
  });

  test('finds no dataset directory in a nested prefix, a file of the prefix or a bare uuid', () => {
    expect(datasetDirectoryKey(`other/${uuid}/dtool`)).toBeUndefined();
    expect(datasetDirectoryKey(`dtool-${uuid}`)).toBeUndefined();
    expect(datasetDirectoryKey(uuid)).toBeUndefined();
  });
});

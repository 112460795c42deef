import { describe, expect, test } from 'vitest';
import type { ObjectEvent } from '../model/object-event.js';
import { decideObjectEvent } from './decide-object-event.js';

const uuid = '49f0bf41-471b-4781-855e-161fe81ffb0d';
const baseUriOf = (bucket: string): string | undefined => (bucket === 'test-bucket' ? 's3://test-bucket' : undefined);
const event = (key: string, kind: ObjectEvent['kind'] = 'created', bucket = 'test-bucket'): ObjectEvent => ({
  kind,
  bucket,
  key,
  source: 's3-event',
});

describe('decideObjectEvent', () => {
  test.each(['dtool', 'README.yml', 'manifest.json', 'tags/raw', 'annotations/project.json'])(
    'syncs the dataset when its %s is written or removed',
    (part) => {
      for (const kind of ['created', 'removed'] as const) {
        expect(decideObjectEvent(event(`u/t/${uuid}/${part}`, kind), baseUriOf)).toEqual({
          action: 'sync',
          location: { bucket: 'test-bucket', baseUri: 's3://test-bucket', uuid, prefix: 'u/t/' },
          change: { kind, part: expect.objectContaining({ kind: expect.any(String) }) },
        });
      }
    },
  );

  test.each([
    `u/t/${uuid}/data/a010ac3220426ba6ceb4a5a56bf7f5a908e078c8`,
    `u/t/${uuid}/fragments/x.json`,
    `u/t/${uuid}/structure.json`,
    `u/t/${uuid}/README.txt`,
    `u/t/${uuid}/overlays/o.json`,
    `dtool-${uuid}`,
  ])('costs no work for %s', (key) => {
    const decision = decideObjectEvent(event(key), baseUriOf);
    expect(decision.action).toBe('ignore');
  });

  test('ignores, with the reason, a bucket that is not configured', () => {
    expect(decideObjectEvent(event(`${uuid}/dtool`, 'created', 'other'), baseUriOf)).toEqual({
      action: 'ignore',
      reason: expect.stringContaining('bucket "other" is not configured'),
    });
  });

  test('ignores keys that are not dtool objects, saying so', () => {
    expect(decideObjectEvent(event('random/file.txt'), baseUriOf)).toEqual({
      action: 'ignore',
      reason: expect.stringContaining('is not part of a dtool dataset'),
    });
  });
});

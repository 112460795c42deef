import { describe, expect, test } from 'vitest';
import { uriPath } from './uri-path.js';

describe('uriPath', () => {
  test('writes a dataset URI the way dserver reads it back (scheme, then path segments)', () => {
    expect(uriPath('s3://my-bucket/1d2ad6f4-7a54-4c36-a7de-6e4c7a3a1f00')).toBe('/s3/my-bucket/1d2ad6f4-7a54-4c36-a7de-6e4c7a3a1f00');
    expect(uriPath('ecs://frct.simdata/6ea79d31')).toBe('/ecs/frct.simdata/6ea79d31');
  });

  test('percent-encodes what could change the route', () => {
    expect(uriPath('s3://b?x=1#y/u u')).toBe('/s3/b%3Fx%3D1%23y/u%20u');
  });
});

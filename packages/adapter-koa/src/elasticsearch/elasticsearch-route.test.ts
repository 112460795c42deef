import { describe, expect, test } from 'vitest';
import { minioElasticsearchDocumentId } from '@dtool-notify/domain';
import { routeElasticsearchPath } from './elasticsearch-route.js';

const minioId = minioElasticsearchDocumentId('test-bucket', 'u/testuser/49f0bf41-471b-4781-855e-161fe81ffb0d/dtool');

describe('routeElasticsearchPath', () => {
  test('routes the cluster root with or without a trailing slash', () => {
    expect(routeElasticsearchPath('')).toEqual({ kind: 'info' });
    expect(routeElasticsearchPath('/')).toEqual({ kind: 'info' });
  });

  test('routes the Elasticsearch APIs MinIO calls', () => {
    expect(routeElasticsearchPath('/_cluster/health')).toEqual({ kind: 'cluster-health' });
    expect(routeElasticsearchPath('/_resolve/index/minio-events')).toEqual({ kind: 'resolve-index', index: 'minio-events' });
    expect(routeElasticsearchPath('/minio-events')).toEqual({ kind: 'index', index: 'minio-events' });
    expect(routeElasticsearchPath('/minio-events/')).toEqual({ kind: 'index', index: 'minio-events' });
    expect(routeElasticsearchPath('/minio-events/_doc')).toEqual({ kind: 'minio-document', index: 'minio-events' });
    expect(routeElasticsearchPath(`/minio-events/_doc/${minioId}`)).toEqual({ kind: 'minio-document', index: 'minio-events', id: minioId });
  });

  test('routes the config path to the config route', () => {
    expect(routeElasticsearchPath('/config')).toEqual({ kind: 'config' });
  });

  test('routes a StorageGRID document whose key holds slashes', () => {
    expect(routeElasticsearchPath('/notify/all/frct-livmats_u/jh1130/481b1bc4-f867-4580-b5d3-28fd7e64a107/dtool')).toEqual({
      kind: 'storagegrid-document',
      index: 'notify',
      type: 'all',
      documentId: 'frct-livmats_u/jh1130/481b1bc4-f867-4580-b5d3-28fd7e64a107/dtool',
    });
  });

  test('tells a StorageGRID document of type _doc from a MinIO document by the shape of the id', () => {
    expect(routeElasticsearchPath('/dtool/_doc/my-bucket_dtool-49f0bf41-471b-4781-855e-161fe81ffb0d')).toMatchObject({
      kind: 'storagegrid-document',
      type: '_doc',
      documentId: 'my-bucket_dtool-49f0bf41-471b-4781-855e-161fe81ffb0d',
    });
    expect(routeElasticsearchPath('/dtool/_doc/my-bucket_u/alice/x')).toMatchObject({ kind: 'storagegrid-document' });
  });

  test('decodes percent-escapes in the document id and rejects malformed ones', () => {
    expect(routeElasticsearchPath('/notify/all/b_a%20b/c')).toMatchObject({ documentId: 'b_a b/c' });
    expect(routeElasticsearchPath('/notify/all/b_%E0%A4%A')).toEqual({ kind: 'malformed', reason: 'the path has a malformed percent-escape' });
  });

  test('answers not-found for Elasticsearch APIs we do not offer', () => {
    expect(routeElasticsearchPath('/_bulk')).toEqual({ kind: 'not-found' });
    expect(routeElasticsearchPath('/_cluster/state')).toEqual({ kind: 'not-found' });
    expect(routeElasticsearchPath('/index/_update/abc')).toEqual({ kind: 'not-found' });
    expect(routeElasticsearchPath('/index/type')).toEqual({ kind: 'not-found' });
  });
});

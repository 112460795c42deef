import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { minioElasticsearchDocumentId } from '@dtool-notify/domain';
import { buildDataset, deleteDataset, readFixtureJson, storageFor, writeDataset } from '@dtool-notify/testkit';
import { send, startHarness, type Harness } from './harness.js';

describe('the Elasticsearch handshake MinIO performs', () => {
  let harness: Harness;
  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('GET / answers an Elasticsearch 7 cluster with the product header, with or without the trailing slash', async () => {
    for (const path of ['/elastic-search', '/elastic-search/']) {
      const response = await send(`${harness.url}${path}`, { method: 'GET' });
      expect(response.status).toBe(200);
      expect(response.headers.get('x-elastic-product')).toBe('Elasticsearch');
      expect(response.json).toEqual({
        name: 'dtool-notify',
        cluster_name: 'dtool-notify',
        version: {
          number: '7.17.0',
          build_flavor: 'default',
          lucene_version: '8.11.1',
          minimum_wire_compatibility_version: '6.8.0',
          minimum_index_compatibility_version: '6.0.0-beta1',
        },
        tagline: 'You Know, for Search',
      });
    }
  });

  test('HEAD / (the client ping) answers 200 with the product header', async () => {
    const response = await send(`${harness.url}/elastic-search/`, { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-elastic-product')).toBe('Elasticsearch');
  });

  test('the index is resolved as existing, created when asked, and reported to exist', async () => {
    const resolved = await send(`${harness.url}/elastic-search/_resolve/index/minio-events`, { method: 'GET' });
    expect(resolved.json).toEqual({ indices: [{ name: 'minio-events', attributes: ['open'] }], aliases: [], data_streams: [] });
    const created = await send(`${harness.url}/elastic-search/minio-events`, { method: 'PUT', body: '{"settings":{}}', contentType: 'application/json' });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({ acknowledged: true, shards_acknowledged: true, index: 'minio-events' });
    expect((await send(`${harness.url}/elastic-search/minio-events`, { method: 'HEAD' })).status).toBe(200);
    expect((await send(`${harness.url}/elastic-search/minio-events`, { method: 'GET' })).json).toHaveProperty('minio-events');
  });

  test('cluster health is green', async () => {
    const response = await send(`${harness.url}/elastic-search/_cluster/health`, { method: 'GET' });
    expect(response.json).toMatchObject({ cluster_name: 'dtool-notify', status: 'green' });
  });

  test('a namespace DELETE of an id never PUT here answers 200 and warns that format=access is needed', async () => {
    const id = minioElasticsearchDocumentId('test-bucket', 'u/x/49f0bf41-471b-4781-855e-161fe81ffb0d/dtool');
    const response = await send(`${harness.url}/elastic-search/minio-events/_doc/${id}`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ _index: 'minio-events', _id: id, _version: 1, result: 'deleted', _shards: { failed: 0 } });
    expect(harness.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ event: 'unresolved-delete', id }), message: expect.stringContaining('format=access') }),
    );
    expect(harness.index.counts.deletes).toBe(0);
  });

  test('a namespace PUT whose id is not the hash of its object is processed but its id is not remembered', async () => {
    const forgedId = minioElasticsearchDocumentId('test-bucket', 'some/other/key');
    const body = JSON.stringify({
      Records: [{ eventName: 's3:ObjectCreated:Put', s3: { bucket: { name: 'test-bucket' }, object: { key: 'u%2Fx%2F49f0bf41-471b-4781-855e-161fe81ffb0d%2Fdtool' } } }],
    });
    expect((await send(`${harness.url}/elastic-search/e/_doc/${forgedId}`, { method: 'PUT', body, contentType: 'application/json' })).status).toBe(201);
    await send(`${harness.url}/elastic-search/e/_doc/${forgedId}`, { method: 'DELETE' });
    expect(harness.logger.lines).toContainEqual(expect.objectContaining({ fields: expect.objectContaining({ event: 'unresolved-delete' }) }));
  });

  test('documents must be JSON: other content types get 415, invalid or deeply nested JSON 400', async () => {
    const url = `${harness.url}/elastic-search/minio-events/_doc`;
    expect((await send(url, { body: '{"Records": []}', contentType: 'application/x-www-form-urlencoded' })).status).toBe(415);
    const invalid = await send(url, { body: '{"Records": [', contentType: 'application/json' });
    expect(invalid.status).toBe(400);
    expect(invalid.json?.['error']).toMatch(/not valid JSON/);
    const deep = await send(url, { body: `${'['.repeat(100)}${']'.repeat(100)}`, contentType: 'application/json' });
    expect(deep.status).toBe(400);
    expect(deep.json?.['error']).toMatch(/nested deeper/);
  });

  test('methods a path does not offer get 405, unknown APIs 404', async () => {
    expect((await send(`${harness.url}/elastic-search/minio-events/_doc`, { method: 'DELETE' })).status).toBe(405);
    expect((await send(`${harness.url}/elastic-search/_resolve/index/x`, { method: 'POST' })).status).toBe(405);
    expect((await send(`${harness.url}/elastic-search/_search`, { method: 'GET' })).status).toBe(404);
  });
});

describe("StorageGRID's search integration", () => {
  let harness: Harness;
  const put = readFixtureJson('storagegrid/search-integration-put-admin-metadata.json') as { path: string; body: unknown };
  const remove = readFixtureJson('storagegrid/search-integration-delete-admin-metadata.json') as { path: string };
  const uuid = '481b1bc4-f867-4580-b5d3-28fd7e64a107';

  beforeEach(async () => {
    harness = await startHarness();
  });
  afterEach(async () => {
    await harness.close();
  });

  test('a PUT of the admin metadata document indexes the dataset, and the DELETE removes it', async () => {
    const storage = storageFor(harness.store, 'frct-livmats');
    const dataset = buildDataset({ bucket: 'frct-livmats', uuid, prefix: 'u/jh1130/' });
    await writeDataset(storage, dataset);
    const indexed = await send(`${harness.url}${put.path}`, { method: 'PUT', body: JSON.stringify(put.body), contentType: 'application/json' });
    expect(indexed.status).toBe(200);
    expect(indexed.json).toMatchObject({ records: [{ outcome: 'indexed', uri: `ecs://frct-livmats/${uuid}` }] });
    expect(harness.index.documents().map((document) => document.uri)).toEqual([`ecs://frct-livmats/${uuid}`]);

    await deleteDataset(storage, dataset);
    const deleted = await send(`${harness.url}${remove.path}`, { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toMatchObject({ records: [{ outcome: 'deleted', key: `u/jh1130/${uuid}/dtool` }] });
    expect(harness.index.documents()).toEqual([]);
  });

  test('a document id for an unconfigured bucket is ignored', async () => {
    const response = await send(`${harness.url}/elastic-search/notify/all/unknown-bucket_u/x/${uuid}/dtool`, { method: 'DELETE' });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ summary: { ignored: 1 } });
  });
});

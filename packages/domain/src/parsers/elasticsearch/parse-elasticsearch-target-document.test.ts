import { describe, expect, test } from 'vitest';
import { MINIO_COPY_RECORDS, minioRecord } from '../../../test/expected-fixture-records.js';
import { readFixtureLines } from '../../../test/read-fixture.js';
import { parseElasticsearchTargetDocument } from './parse-elasticsearch-target-document.js';

describe('parseElasticsearchTargetDocument', () => {
  test("reads every document of MinIO's namespace-format copy as an elasticsearch-target record", () => {
    const results = readFixtureLines('minio/es-namespace-copy-dataset.jsonl').map((line) => parseElasticsearchTargetDocument(JSON.parse(line)));
    expect(results).toEqual(MINIO_COPY_RECORDS.map((record) => ({ kind: 'records', records: [minioRecord(record, 'elasticsearch-target')] })));
  });

  test('tolerates the fields an access-format document adds', () => {
    const [line = ''] = readFixtureLines('minio/es-namespace-copy-dataset.jsonl');
    const document = { ...(JSON.parse(line) as object), event_time: '2022-02-23T17:16:05.797Z', EventName: 's3:ObjectCreated:Put' };
    expect(parseElasticsearchTargetDocument(document)).toMatchObject({ records: [{ event: { key: 'dtool-49f0bf41-471b-4781-855e-161fe81ffb0d' } }] });
  });

  test('rejects a document that is not an S3 event notification', () => {
    expect(parseElasticsearchTargetDocument({ doc: {} }).kind).toBe('rejected');
    expect(parseElasticsearchTargetDocument({ Records: [{}] }, { maxRecords: 0 }).kind).toBe('rejected');
  });
});

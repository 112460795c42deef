import { describe, expect, test } from 'vitest';
import { createSynchronizer, permanentError } from '@dtool-notify/domain';
import {
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  readFixtureJsonLines,
  readFixtureText,
  readS3Layout,
} from '@dtool-notify/testkit';
import { applyMessage } from './apply-message.js';

const bucket = 'test-bucket';

/** The captured dtool copy in storage, and its MinIO events as Kafka message values (MinIO publishes the webhook's JSON). */
async function createWorld() {
  const store = createInMemoryObjectStore();
  for (const object of readS3Layout().write_order_of_dtool_copy) await store.put(bucket, object.key, object.body, object.metadata ?? {});
  const index = createInMemoryDatasetIndex();
  const synchronizer = createSynchronizer({ index, reader: createInMemoryManifestReader(store) });
  const dependencies = { synchronizer, baseUriOf: (name: string) => (name === bucket ? 's3://test-bucket' : undefined) };
  const messages = readFixtureJsonLines('minio/webhook-copy-dataset.jsonl').map((body) => Buffer.from(JSON.stringify(body)));
  return { index, dependencies, messages };
}

describe('applyMessage', () => {
  test('applies MinIO messages through the webhook parser and use case: the final dtool write indexes the dataset', async () => {
    const { index, dependencies, messages } = await createWorld();
    const verdicts = [];
    for (const message of messages) verdicts.push(await applyMessage(message, dependencies));
    expect(verdicts.every((verdict) => verdict.kind === 'done')).toBe(true);
    expect(index.documents().map((document) => document.uri)).toEqual(['s3://test-bucket/49f0bf41-471b-4781-855e-161fe81ffb0d']);
  });

  test('a message that is not a notification is permanent, with the parser\'s reason', async () => {
    const { dependencies } = await createWorld();
    expect(await applyMessage(Buffer.from('{"Records": "not a list"}'), dependencies)).toMatchObject({ kind: 'permanent', reason: expect.stringMatching(/Records/) });
    expect(await applyMessage(Buffer.from('not json'), dependencies)).toMatchObject({ kind: 'permanent', reason: expect.stringMatching(/JSON/) });
    expect(await applyMessage(undefined, dependencies)).toEqual({ kind: 'permanent', reason: 'the message has no value', records: [] });
  });

  test('a plain S3 event JSON (what StorageGRID and Ceph publish) is read by the same parser', async () => {
    const { dependencies } = await createWorld();
    const verdict = await applyMessage(Buffer.from(readFixtureText('aws/s3-event-object-created.json')), dependencies);
    // Its bucket is not configured here: understood, and ignored for that reason.
    expect(verdict).toMatchObject({ kind: 'done', records: [{ outcome: 'ignored', key: 'projects/alpha beta/7b1a2c9e-4f0d-4c55-9b1e-2d8f3a6c0e11/dtool' }] });
  });

  test('an s3:TestEvent needs nothing and is done', async () => {
    const { dependencies } = await createWorld();
    expect(await applyMessage(Buffer.from(JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: bucket })), dependencies)).toEqual({ kind: 'done', records: [] });
  });

  test('an unavailable index means retry; the same message applies once it is back', async () => {
    const { index, dependencies, messages } = await createWorld();
    const final = messages.at(-1) as Buffer;
    for (const message of messages.slice(0, -1)) await applyMessage(message, dependencies);
    index.failNext(100);
    expect(await applyMessage(final, dependencies)).toMatchObject({ kind: 'retry' });
    index.failNext(0);
    expect(await applyMessage(final, dependencies)).toMatchObject({ kind: 'done', records: [{ outcome: 'indexed' }] });
  });

  test('a permanent failure of a dataset is permanent, naming the dataset', async () => {
    const { index, dependencies, messages } = await createWorld();
    for (const message of messages.slice(0, -1)) await applyMessage(message, dependencies);
    index.failNext(100, permanentError('document too large'));
    expect(await applyMessage(messages.at(-1) as Buffer, dependencies)).toMatchObject({
      kind: 'permanent',
      reason: 's3://test-bucket/49f0bf41-471b-4781-855e-161fe81ffb0d: document too large',
    });
  });
});

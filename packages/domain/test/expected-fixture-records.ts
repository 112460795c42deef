import { expect } from 'vitest';
import type { NotificationRecord, NotificationSource } from '../src/index.js';

/** One record of a captured notification as the parsers must read it. */
export interface ExpectedRecord {
  readonly eventName: string;
  readonly key: string;
  readonly sequencer: string;
  readonly eventTime: string;
}

const COPIED = 'u/testuser/49f0bf41-471b-4781-855e-161fe81ffb0d/';
const ITEM = `${COPIED}data/a010ac3220426ba6ceb4a5a56bf7f5a908e078c8`;
const OTHER = 'u/testuser/31e75284-3532-4907-a5c5-399f2db74edd/';
const PUT = 's3:ObjectCreated:Put';
const DELETE = 's3:ObjectRemoved:Delete';

/** `minio/webhook-copy-dataset.jsonl` and `minio/es-namespace-copy-dataset.jsonl`, line by line. */
export const MINIO_COPY_RECORDS: readonly ExpectedRecord[] = [
  { eventName: PUT, key: 'dtool-49f0bf41-471b-4781-855e-161fe81ffb0d', sequencer: '16D679BCD5C7DADA', eventTime: '2022-02-23T17:16:05.797Z' },
  { eventName: PUT, key: `${COPIED}structure.json`, sequencer: '16D679BCD6337AB6', eventTime: '2022-02-23T17:16:05.805Z' },
  { eventName: PUT, key: `${COPIED}README.txt`, sequencer: '16D679BCD68AE8EB', eventTime: '2022-02-23T17:16:05.810Z' },
  { eventName: PUT, key: `${COPIED}dtool`, sequencer: '16D679BCD6F68CC9', eventTime: '2022-02-23T17:16:05.817Z' },
  { eventName: PUT, key: ITEM, sequencer: '16D679BCD8101873', eventTime: '2022-02-23T17:16:05.836Z' },
  { eventName: PUT, key: `${COPIED}README.yml`, sequencer: '16D679BCD87278FB', eventTime: '2022-02-23T17:16:05.842Z' },
  { eventName: 's3:ObjectAccessed:Get', key: ITEM, sequencer: '16D679BCD8FA0708', eventTime: '2022-02-23T17:16:05.851Z' },
  { eventName: 's3:ObjectAccessed:Head', key: ITEM, sequencer: '16D679BCD944F915', eventTime: '2022-02-23T17:16:05.856Z' },
  { eventName: 's3:ObjectAccessed:Head', key: ITEM, sequencer: '16D679BCD9957503', eventTime: '2022-02-23T17:16:05.861Z' },
  { eventName: 's3:ObjectAccessed:Get', key: ITEM, sequencer: '16D679BCD9D5A21C', eventTime: '2022-02-23T17:16:05.865Z' },
  { eventName: PUT, key: `${COPIED}manifest.json`, sequencer: '16D679BCDA3D90FA', eventTime: '2022-02-23T17:16:05.872Z' },
  { eventName: 's3:ObjectAccessed:Get', key: ITEM, sequencer: '16D679BCDAA98F8A', eventTime: '2022-02-23T17:16:05.879Z' },
  { eventName: PUT, key: `${COPIED}dtool`, sequencer: '16D679BCDB490BB1', eventTime: '2022-02-23T17:16:05.890Z' },
];

/** `minio/webhook-delete-two-datasets.jsonl`: sequencers renumbered 0…D, one millisecond apart. */
export const MINIO_DELETE_RECORDS: readonly ExpectedRecord[] = [
  'dtool-31e75284-3532-4907-a5c5-399f2db74edd',
  'dtool-49f0bf41-471b-4781-855e-161fe81ffb0d',
  `${OTHER}manifest.json`,
  `${OTHER}dtool`,
  `${OTHER}README.txt`,
  `${OTHER}README.yml`,
  ITEM,
  `${OTHER}data/4d4612b76e5bff8c97577257a63cf9bfa8829f43`,
  `${COPIED}structure.json`,
  `${OTHER}structure.json`,
  `${COPIED}README.txt`,
  `${COPIED}README.yml`,
  `${COPIED}manifest.json`,
  `${COPIED}dtool`,
].map((key, index) => ({
  eventName: DELETE,
  key,
  sequencer: `16D6767A0000000${index.toString(16).toUpperCase()}`,
  eventTime: `2022-02-23T16:16:19.${557 + index}Z`,
}));

/** The record a parser must produce for an expected MinIO record in bucket `test-bucket`. */
export function minioRecord(expected: ExpectedRecord, source: NotificationSource): NotificationRecord {
  const { eventName, key, sequencer, eventTime } = expected;
  if (eventName.startsWith('s3:ObjectAccessed:')) {
    return {
      type: 'ignored',
      ignored: { reason: expect.stringContaining(eventName) as unknown as string, eventName, bucket: 'test-bucket', key },
    };
  }
  const kind = eventName === DELETE ? 'removed' : 'created';
  return { type: 'event', event: { kind, bucket: 'test-bucket', key, sequencer, eventTime, source } };
}

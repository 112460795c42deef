import { expect } from 'vitest';
import type { NotificationRecord, NotificationSource } from '../src/index.js';

/** One record of a captured notification as the parsers must read it. */
export interface ExpectedRecord {
  readonly eventName: string;
  readonly key: string;
  readonly sequencer: string;
  readonly eventTime: string;
  /** The object's ETag as the record carries it (MinIO sends it for reads too). */
  readonly eTag?: string;
}

const COPIED = 'u/testuser/49f0bf41-471b-4781-855e-161fe81ffb0d/';
const ITEM = `${COPIED}data/a010ac3220426ba6ceb4a5a56bf7f5a908e078c8`;
const OTHER = 'u/testuser/31e75284-3532-4907-a5c5-399f2db74edd/';
const PUT = 's3:ObjectCreated:Put';
const DELETE = 's3:ObjectRemoved:Delete';

/** `minio/webhook-copy-dataset.jsonl` and `minio/es-namespace-copy-dataset.jsonl`, line by line. */
export const MINIO_COPY_RECORDS: readonly ExpectedRecord[] = [
  { eventName: PUT, key: 'dtool-49f0bf41-471b-4781-855e-161fe81ffb0d', sequencer: '16D679BCD5C7DADA', eventTime: '2022-02-23T17:16:05.797Z', eTag: '5a1ecb9d0bcda01457c2c4782c444c5f' },
  { eventName: PUT, key: `${COPIED}structure.json`, sequencer: '16D679BCD6337AB6', eventTime: '2022-02-23T17:16:05.805Z', eTag: '849d374639a662af348be61de9cf07ad' },
  { eventName: PUT, key: `${COPIED}README.txt`, sequencer: '16D679BCD68AE8EB', eventTime: '2022-02-23T17:16:05.810Z', eTag: '0221f0fe13ae265028bcf1bb045451ce' },
  { eventName: PUT, key: `${COPIED}dtool`, sequencer: '16D679BCD6F68CC9', eventTime: '2022-02-23T17:16:05.817Z', eTag: '52b1e74c526eec1c6672153ad9a257b9' },
  { eventName: PUT, key: ITEM, sequencer: '16D679BCD8101873', eventTime: '2022-02-23T17:16:05.836Z', eTag: '7cc084d17a6bc74e7317b6492c61ad66' },
  { eventName: PUT, key: `${COPIED}README.yml`, sequencer: '16D679BCD87278FB', eventTime: '2022-02-23T17:16:05.842Z', eTag: 'd9aa0e268de45043c3302c256a77e5e2' },
  { eventName: 's3:ObjectAccessed:Get', key: ITEM, sequencer: '16D679BCD8FA0708', eventTime: '2022-02-23T17:16:05.851Z', eTag: '7cc084d17a6bc74e7317b6492c61ad66' },
  { eventName: 's3:ObjectAccessed:Head', key: ITEM, sequencer: '16D679BCD944F915', eventTime: '2022-02-23T17:16:05.856Z', eTag: '7cc084d17a6bc74e7317b6492c61ad66' },
  { eventName: 's3:ObjectAccessed:Head', key: ITEM, sequencer: '16D679BCD9957503', eventTime: '2022-02-23T17:16:05.861Z', eTag: '7cc084d17a6bc74e7317b6492c61ad66' },
  { eventName: 's3:ObjectAccessed:Get', key: ITEM, sequencer: '16D679BCD9D5A21C', eventTime: '2022-02-23T17:16:05.865Z', eTag: '7cc084d17a6bc74e7317b6492c61ad66' },
  { eventName: PUT, key: `${COPIED}manifest.json`, sequencer: '16D679BCDA3D90FA', eventTime: '2022-02-23T17:16:05.872Z', eTag: 'f3c189b69c5cce83da80fdec6ff933ca' },
  { eventName: 's3:ObjectAccessed:Get', key: ITEM, sequencer: '16D679BCDAA98F8A', eventTime: '2022-02-23T17:16:05.879Z', eTag: '7cc084d17a6bc74e7317b6492c61ad66' },
  { eventName: PUT, key: `${COPIED}dtool`, sequencer: '16D679BCDB490BB1', eventTime: '2022-02-23T17:16:05.890Z', eTag: 'a5e8b6ca5666c342eb52666c8c71a01d' },
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
  const { eventName, key, sequencer, eventTime, eTag } = expected;
  if (eventName.startsWith('s3:ObjectAccessed:')) {
    return {
      type: 'ignored',
      ignored: { reason: expect.stringContaining(eventName) as unknown as string, eventName, bucket: 'test-bucket', key },
    };
  }
  const kind = eventName === DELETE ? 'removed' : 'created';
  return {
    type: 'event',
    event: { kind, bucket: 'test-bucket', key, sequencer, eventTime, ...(eTag === undefined || kind === 'removed' ? {} : { eTag }), source },
  };
}

/** The one record of `aws/s3-event-object-created.json` (also the Message of the SNS envelope). */
export function awsObjectCreated(source: NotificationSource): { kind: 'records'; records: NotificationRecord[] } {
  return {
    kind: 'records',
    records: [
      {
        type: 'event',
        event: {
          kind: 'created',
          bucket: 'my-dtool-bucket',
          // `+` in the captured key encodes a space.
          key: 'projects/alpha beta/7b1a2c9e-4f0d-4c55-9b1e-2d8f3a6c0e11/dtool',
          sequencer: '0065E2F1A3C7D8E9F0',
          eventTime: '2026-03-02T10:15:31.402Z',
          eTag: '0123456789abcdef0123456789abcdef',
          source,
        },
      },
    ],
  };
}

import * as v from 'valibot';
import { objectIssueMessage } from '../schema-messages.js';

const text = v.string('must be a string');
const optionalText = v.exactOptional(text);

/**
 * One record of an S3 event notification, as AWS S3 (eventVersion 2.x), MinIO, Ceph and
 * StorageGRID write it. Senders add fields (MinIO `source`, `userMetadata`): only the fields
 * read here are checked, and valibot's plain objects leave the others out of the output
 * instead of copying them (this runs for every record of every notification), so no
 * `__proto__`, `constructor` or `prototype` key is ever copied either.
 */
export const s3EventRecordSchema = v.object(
  {
    eventName: text,
    eventTime: optionalText,
    s3: v.object(
      {
        bucket: v.object({ name: v.pipe(text, v.nonEmpty('must not be empty')) }, objectIssueMessage()),
        object: v.object({ key: text, sequencer: optionalText, eTag: v.exactOptional(v.unknown()) }, objectIssueMessage()),
      },
      objectIssueMessage(),
    ),
  },
  objectIssueMessage(),
);

/** A notification: `{"Records": [...]}`; MinIO adds top-level `EventName` and `Key`, which are not needed. */
export const s3EventNotificationSchema = v.object(
  { Records: v.array(v.unknown(), 'must be an array') },
  objectIssueMessage('must be an object with a "Records" array'),
);

/** The message AWS S3 sends when notifications are configured on a bucket. */
export const s3TestEventSchema = v.looseObject({
  Event: v.literal('s3:TestEvent'),
  Bucket: v.exactOptional(v.unknown()),
});

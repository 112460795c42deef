import { describe, expect, test } from 'vitest';
import { classifyEventName } from './classify-event-name.js';

describe('classifyEventName', () => {
  test.each([
    's3:ObjectCreated:Put',
    'ObjectCreated:Put',
    'ObjectCreated:Post',
    'ObjectCreated:Copy',
    's3:ObjectCreated:CompleteMultipartUpload',
    's3:ObjectCreated:PutTagging',
  ])('classifies %s as a creation', (name) => {
    expect(classifyEventName(name)).toEqual({ kind: 'created' });
  });

  test.each([
    's3:ObjectRemoved:Delete',
    'ObjectRemoved:Delete',
    'ObjectRemoved:DeleteMarkerCreated',
    's3:LifecycleExpiration:Delete',
    'LifecycleExpiration:DeleteMarkerCreated',
  ])('classifies %s as a removal', (name) => {
    expect(classifyEventName(name)).toEqual({ kind: 'removed' });
  });

  test.each([
    's3:ObjectAccessed:Get',
    'ObjectAccessed:Head',
    's3:ObjectRestore:Post',
    'ObjectRestore:Completed',
    'ObjectRestore:Delete',
    's3:Replication:OperationCompletedReplication',
    's3:LifecycleTransition',
    's3:LifecycleDelMarkerExpiration:Delete',
    's3:ObjectTagging:Put',
    's3:ObjectAcl:Put',
    's3:TestEvent',
    'objectcreated:put',
    'ObjectCreated',
    '',
  ])('ignores %j with a reason naming the event', (name) => {
    const classified = classifyEventName(name);
    expect(classified).toEqual({ kind: 'ignored', reason: expect.stringContaining(JSON.stringify(name)) });
  });
});

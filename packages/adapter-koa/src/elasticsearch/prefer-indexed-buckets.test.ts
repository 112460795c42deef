import { describe, expect, test } from 'vitest';
import type { NotificationRecord } from '@dtool-notify/domain';
import { preferIndexedBuckets } from './prefer-indexed-buckets.js';

const UUID = '481b1bc4-f867-4580-b5d3-28fd7e64a107';
const baseUriOf = (bucket: string): string | undefined => (['rtq', 'rtq_b'].includes(bucket) ? `s3://${bucket}` : undefined);
const removal = (bucket: string, key: string): NotificationRecord => ({
  type: 'event',
  event: { kind: 'removed', bucket, key, source: 'storagegrid-search' },
});
// The two readings of `rtq_b_x/<uuid>/dtool`, longest bucket first, as the parser gives them.
const readings = [removal('rtq_b', `x/${UUID}/dtool`), removal('rtq', `b_x/${UUID}/dtool`)];
const indexOf = (...uris: string[]) => {
  const asked: string[] = [];
  return { asked, isIndexed: async (uri: string) => (asked.push(uri), uris.includes(uri)) };
};

describe('preferIndexedBuckets', () => {
  test('keeps only the reading whose bucket holds the dataset in the index, the shorter bucket too', async () => {
    const index = indexOf(`s3://rtq/${UUID}`);
    expect(await preferIndexedBuckets(readings, baseUriOf, index.isIndexed)).toEqual([
      {
        type: 'ignored',
        ignored: { bucket: 'rtq_b', key: `x/${UUID}/dtool`, reason: `the path could name bucket "rtq_b" too, but the index holds this dataset in "rtq"` },
      },
      readings[1],
    ]);
    expect(index.asked.sort()).toEqual([`s3://rtq/${UUID}`, `s3://rtq_b/${UUID}`]);
  });

  test('keeps the longer bucket when that is where the index holds it', async () => {
    const kept = await preferIndexedBuckets(readings, baseUriOf, indexOf(`s3://rtq_b/${UUID}`).isIndexed);
    expect(kept.map((record) => record.type)).toEqual(['event', 'ignored']);
  });

  test('keeps every reading when the index holds the dataset in none, or in all of them: storage decides', async () => {
    expect(await preferIndexedBuckets(readings, baseUriOf, indexOf().isIndexed)).toEqual(readings);
    expect(await preferIndexedBuckets(readings, baseUriOf, indexOf(`s3://rtq/${UUID}`, `s3://rtq_b/${UUID}`).isIndexed)).toEqual(readings);
  });

  test('keeps every reading of a write, which may be of a dataset not indexed yet', async () => {
    const writes = readings.map((reading) => (reading.type === 'event' ? { ...reading, event: { ...reading.event, kind: 'created' as const } } : reading));
    const index = indexOf(`s3://rtq_b/${UUID}`);
    expect(await preferIndexedBuckets(writes, baseUriOf, index.isIndexed)).toEqual(writes);
    expect(index.asked).toEqual([]);
  });

  test('leaves readings that need no sync as they are, and asks the index nothing for them', async () => {
    const items = [removal('rtq_b', `x/${UUID}/data/a.txt`), removal('rtq', `b_x/${UUID}/data/a.txt`)];
    const index = indexOf(`s3://rtq/${UUID}`);
    expect(await preferIndexedBuckets(items, baseUriOf, index.isIndexed)).toEqual(items);
    expect(index.asked).toEqual([]);
  });
});

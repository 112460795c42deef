import { datasetUri, decideObjectEvent, type BaseUriOf, type NotificationRecord } from '@dtool-notify/domain';

/** Whether the index holds a document with this URI (`DatasetIndex.exists`). */
export type IsIndexed = (uri: string) => Promise<boolean>;

/**
 * Narrows the readings of one StorageGRID document path that several configured buckets
 * could name (`rtq_b_x/...` is `rtq` key `b_x/...` or `rtq_b` key `x/...`; one record per
 * bucket). A removal can only take out what the index holds, so removal readings are narrowed
 * to the buckets whose index holds the dataset (a DELETE carries no body, and a sync of a
 * bucket the object never lived in can only fail: that bucket may not even exist); the
 * readings left out become ignored records saying why. When no reading is indexed, all stay
 * and each sync asks storage, which decides. A write may be of a dataset not indexed yet, so
 * its readings all stay, as do readings that need no sync.
 */
export async function preferIndexedBuckets(
  readings: readonly NotificationRecord[],
  baseUriOf: BaseUriOf,
  isIndexed: IsIndexed,
): Promise<NotificationRecord[]> {
  const indexed = await Promise.all(
    readings.map(async (reading) => {
      if (reading.type !== 'event' || reading.event.kind !== 'removed') return false;
      const decision = decideObjectEvent(reading.event, baseUriOf);
      return decision.action === 'sync' && (await isIndexed(datasetUri(decision.location)));
    }),
  );
  const holders = readings.flatMap((reading, position) => (indexed[position] === true && reading.type === 'event' ? [reading.event.bucket] : []));
  if (holders.length === 0) return [...readings];
  const named = holders.map((bucket) => `"${bucket}"`).join(', ');
  return readings.map((reading, position) => {
    if (reading.type !== 'event' || reading.event.kind !== 'removed' || indexed[position] === true) return reading;
    if (decideObjectEvent(reading.event, baseUriOf).action !== 'sync') return reading;
    const { bucket, key } = reading.event;
    const reason = `the path could name bucket "${bucket}" too, but the index holds this dataset in ${named}`;
    return { type: 'ignored', ignored: { reason, bucket, key } };
  });
}

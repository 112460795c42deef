import { DtoolNotifyError, type DtoolNotifyErrorCode } from '@dtool-notify/domain';
import { describeEndpoint } from './bucket-connection.js';
import type { BucketObjects } from './bucket-objects.js';

/** Whether the reader can reach one bucket. */
export type BucketReadiness =
  | { readonly bucket: string; readonly endpoint: string; readonly ready: true }
  | {
      readonly bucket: string;
      readonly endpoint: string;
      readonly ready: false;
      readonly code: DtoolNotifyErrorCode;
      readonly reason: string;
    };

/** Checks every bucket with one HEAD request each, in parallel; never throws. */
export function checkReadiness(buckets: readonly BucketObjects[]): Promise<BucketReadiness[]> {
  return Promise.all(
    buckets.map(async (objects): Promise<BucketReadiness> => {
      const { bucket } = objects;
      const endpoint = describeEndpoint(objects.connection);
      try {
        await objects.headBucket();
        return { bucket, endpoint, ready: true };
      } catch (error) {
        if (error instanceof DtoolNotifyError) return { bucket, endpoint, ready: false, code: error.code, reason: error.message };
        return { bucket, endpoint, ready: false, code: 'retryable', reason: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

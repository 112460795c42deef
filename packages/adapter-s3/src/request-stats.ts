import type { S3Client } from '@aws-sdk/client-s3';
import { tellObserver, type SyncObserver } from '@dtool-notify/domain';

/** The S3 requests a reader has sent, retries included. */
export interface RequestStats {
  readonly requests: number;
  /** By operation name: `GetObject`, `HeadObject`, `ListObjectsV2`, `HeadBucket`. */
  readonly requestsByOperation: Readonly<Record<string, number>>;
  /** Bytes of response bodies received, as their `content-length` said (0 for HEAD). */
  readonly bytesReceived: number;
}

/** Counts the HTTP requests of every client it is attached to. */
export interface RequestCounter {
  attachTo(client: S3Client): void;
  stats(): RequestStats;
  reset(): void;
}

interface HttpMessageLike {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
}

/**
 * Creates a counter whose middleware sits in the `deserialize` step with low priority: below
 * the retry middleware (so each attempt counts) and next to the HTTP handler (so it sees raw
 * responses, errors included). The observer is told of each request as it is counted.
 */
export function createRequestCounter(observer: SyncObserver = {}): RequestCounter {
  let requests = 0;
  let bytesReceived = 0;
  let byOperation = new Map<string, number>();

  const count = (operation: string, request: HttpMessageLike | undefined, response: HttpMessageLike | undefined): void => {
    requests += 1;
    byOperation.set(operation, (byOperation.get(operation) ?? 0) + 1);
    const length = Number(response?.headers?.['content-length'] ?? 0);
    const bytes = request?.method !== 'HEAD' && Number.isFinite(length) ? length : 0;
    bytesReceived += bytes;
    tellObserver(observer.onStorageRequest, { operation, bytes });
  };

  return {
    attachTo(client) {
      client.middlewareStack.add(
        (next, context) => async (args) => {
          const operation = (context.commandName ?? 'Unknown').replace(/Command$/, '');
          const request = args.request as HttpMessageLike | undefined;
          try {
            const result = await next(args);
            count(operation, request, result.response as HttpMessageLike | undefined);
            return result;
          } catch (error) {
            count(operation, request, (error as { $response?: HttpMessageLike }).$response);
            throw error;
          }
        },
        { step: 'deserialize', priority: 'low', name: 'dtoolNotifyRequestCounter' },
      );
    },
    stats: () => ({ requests, requestsByOperation: Object.fromEntries(byOperation), bytesReceived }),
    reset() {
      requests = 0;
      bytesReceived = 0;
      byOperation = new Map();
    },
  };
}

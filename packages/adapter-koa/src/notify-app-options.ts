import type { AccessPolicy, BucketToBaseUri, Logger, Synchronizer, SyncObserver } from '@dtool-notify/domain';
import type { IsIndexed } from './elasticsearch/prefer-indexed-buckets.js';
import type { ConfirmSubscription } from './notify/confirm-subscription.js';
import type { ObservabilityPages } from './routes/observability-routes.js';
import type { ReadinessReport } from './routes/health-routes.js';

/** Everything the HTTP adapter needs from the composition root. */
export interface NotifyAppOptions {
  readonly synchronizer: Synchronizer;
  readonly bucketToBaseUri: BucketToBaseUri;
  /** Whether the index holds a URI: picks the bucket of a StorageGRID path several buckets could name. */
  readonly isIndexed: IsIndexed;
  /** Who may notify us (see `createNetworkAccessPolicy`). */
  readonly accessPolicy: AccessPolicy;
  /** When set, notify routes require `Authorization: Bearer <token>`; the config routes accept it too. */
  readonly authToken?: string;
  /** PEM public key (RS256) of dserver's token issuer; JWTs it signed may read the config routes. */
  readonly jwtPublicKey?: string;
  /** Largest request body read (default 1 MiB). */
  readonly bodyLimitBytes?: number;
  /** SNS topics whose subscription confirmations are confirmed (default none). */
  readonly allowedTopicArns?: readonly string[];
  /** Visits an SNS `SubscribeURL` (default: GET with a 10 s timeout, AWS SNS URLs only). */
  readonly confirmSubscription?: ConfirmSubscription;
  readonly readiness: () => Promise<ReadinessReport>;
  /** The configuration served by the config routes, already free of secrets. */
  readonly effectiveConfig: Readonly<Record<string, unknown>>;
  readonly logger: Logger;
  /** `Retry-After` of 503 answers, in seconds (default 5). */
  readonly retryAfterSeconds?: number;
  /** True once shutdown began: notify routes answer 503 and `/ready` turns false. */
  readonly isDraining?: () => boolean;
  /** Told how each notification was answered and what became of its records (the synchronizer's observer). */
  readonly observer?: SyncObserver;
  /** Served as `GET /metrics` and `GET /status` when given. */
  readonly observabilityPages?: ObservabilityPages;
  /**
   * Whether notifications are taken over HTTP (default true). False leaves only `/health`,
   * `/ready`, `/metrics` and `/status`: the listener of a process fed by Kafka only.
   */
  readonly notifyRoutes?: boolean;
}

/** The default body limit: 1 MiB. */
export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** The default `Retry-After`, in seconds. */
export const DEFAULT_RETRY_AFTER_SECONDS = 5;

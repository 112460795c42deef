import type { DatasetIndex, Logger, SyncTickets } from '@dtool-notify/domain';
import type { DserverRequest } from './dserver-http.js';
import type { DserverSettings } from './dserver-settings.js';

/** Options of `createDserverDatasetIndex`. */
export interface DserverDatasetIndexOptions {
  readonly settings: DserverSettings;
  /** The base URIs the service indexes: the start-up check asks dserver for permissions on each. */
  readonly baseUris: readonly string[];
  /**
   * Where sync tickets are kept (dserver's API has no place for them). Default: in this
   * process, which is right for one instance only; several instances must share a store.
   */
  readonly syncTickets?: SyncTickets;
  readonly logger?: Logger;
}

/** Requests sent to dserver since start-up (failed ones included). */
export interface DserverIndexStats {
  /** Registrations and removals (`PUT`, `DELETE`). */
  readonly writes: number;
  /** Look-ups, listings and the readiness probe (`GET`, `POST` search). */
  readonly reads: number;
  readonly requestsByMethod: Readonly<Record<DserverRequest['method'], number>>;
}

/** The outcome of a readiness probe. */
export type DserverReadiness = { readonly ready: true } | { readonly ready: false; readonly reason: string };

/** The `DatasetIndex` port over dserver's REST API, plus what the service needs to run it. */
export interface DserverDatasetIndex extends DatasetIndex {
  /**
   * Asks dserver who the token belongs to (`GET /me`) and whether that user may search and
   * register on every base URI. Not ready: dserver unreachable, the token rejected, or a
   * permission missing (the reason says which and how to fix it).
   */
  checkReadiness(): Promise<DserverReadiness>;
  stats(): DserverIndexStats;
  /** Closes the kept-alive connections. */
  close(): Promise<void>;
}

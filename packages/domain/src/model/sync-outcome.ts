import type { DtoolNotifyErrorCode } from './errors.js';

/** What a sync of one dataset did to the index. */
export type SyncOutcome =
  | { readonly outcome: 'indexed'; readonly uri: string }
  | { readonly outcome: 'deleted'; readonly uri: string; readonly existed: boolean }
  | { readonly outcome: 'not-a-dataset'; readonly uri: string; readonly reason: string }
  /** Nothing to do: the index already shows the change, or the dataset is not indexed yet. */
  | { readonly outcome: 'unchanged'; readonly uri: string; readonly reason: string };

/** What one record of a notification led to. */
export type RecordOutcome =
  | { readonly outcome: 'indexed' | 'deleted'; readonly key: string; readonly uri: string }
  | { readonly outcome: 'not-a-dataset' | 'unchanged'; readonly key: string; readonly uri: string; readonly reason: string }
  | { readonly outcome: 'ignored'; readonly key?: string; readonly reason: string }
  | {
      readonly outcome: 'failed';
      readonly key: string;
      readonly uri: string;
      readonly code: DtoolNotifyErrorCode;
      readonly reason: string;
    };

import type { ObservedRecord, RecordOutcome } from '@dtool-notify/domain';
import { secondsSince } from '../metrics/record-labels.js';

/** One applied record, as the status page lists it. */
export interface JournalEntry {
  readonly at: number;
  readonly outcome: RecordOutcome['outcome'];
  readonly key?: string;
  readonly uri?: string;
  readonly reason?: string;
}

/** A dataset whose last notification could not be indexed. */
export interface FailingDataset {
  readonly uri: string;
  /** `not-a-dataset`, or the failure's code (`permanent`, `retryable`, ...). */
  readonly failureClass: string;
  readonly reason: string;
  /** When it first failed since it was last indexed (ms since the epoch). */
  readonly since: number;
  readonly lastSeen: number;
}

/** One notification→index latency measurement. */
export interface LatencySample {
  readonly at: number;
  readonly seconds: number;
}

/** Options of {@link createStatusJournal}. */
export interface StatusJournalOptions {
  /** Record outcomes kept for the page (default 50). */
  readonly recentCapacity?: number;
  /** Failing datasets remembered at most (default 10,000): the oldest are forgotten first. */
  readonly failingCapacity?: number;
  /** Latency samples kept from the last hour at most (default 3,600). */
  readonly latencyCapacity?: number;
  readonly now?: () => number;
}

/** What the status page shows of the service's recent work, kept in bounded memory. */
export interface StatusJournal {
  /** Takes a notification's record outcomes in. */
  record(records: readonly ObservedRecord[]): void;
  /** The newest record outcomes that needed a look at a dataset (ignored records left out), newest first. */
  recent(): readonly JournalEntry[];
  /** Datasets failing now, longest failing first. */
  failing(): readonly FailingDataset[];
  /** How many datasets fail now, by failure class. */
  failingByClass(): ReadonlyMap<string, number>;
  /** Latency samples of the last hour, oldest first. */
  latencyLastHour(): readonly LatencySample[];
}

const HOUR_MS = 3_600_000;

/** Creates an empty {@link StatusJournal}. */
export function createStatusJournal(options: StatusJournalOptions = {}): StatusJournal {
  const now = options.now ?? Date.now;
  const recentCapacity = options.recentCapacity ?? 50;
  const failingCapacity = options.failingCapacity ?? 10_000;
  const latencyCapacity = options.latencyCapacity ?? 3_600;
  const recentEntries: JournalEntry[] = [];
  // Insertion order is failure order: a dataset that recovers and fails again moves to the end.
  const failingByUri = new Map<string, FailingDataset>();
  const latency: LatencySample[] = [];

  const forgetOldLatency = (at: number): void => {
    const firstRecent = latency.findIndex((sample) => sample.at >= at - HOUR_MS);
    latency.splice(0, firstRecent === -1 ? latency.length : firstRecent);
    if (latency.length > latencyCapacity) latency.splice(0, latency.length - latencyCapacity);
  };

  const noteFailure = (uri: string, failureClass: string, reason: string, at: number): void => {
    const known = failingByUri.get(uri);
    failingByUri.delete(uri);
    failingByUri.set(uri, { uri, failureClass, reason, since: known?.since ?? at, lastSeen: at });
    if (failingByUri.size > failingCapacity) failingByUri.delete(failingByUri.keys().next().value as string);
  };

  return {
    record(records) {
      // Most records of a busy bucket are ignored (data items, reads): they cost no clock read.
      if (records.every(({ outcome }) => outcome.outcome === 'ignored')) return;
      const at = now();
      for (const { outcome, eventTime } of records) {
        if (outcome.outcome === 'ignored') continue;
        recentEntries.push({ at, outcome: outcome.outcome, key: outcome.key, uri: outcome.uri, ...('reason' in outcome ? { reason: outcome.reason } : {}) });
        if (outcome.outcome === 'failed') noteFailure(outcome.uri, outcome.code, outcome.reason, at);
        else if (outcome.outcome === 'not-a-dataset') noteFailure(outcome.uri, 'not-a-dataset', outcome.reason, at);
        else if (outcome.outcome === 'indexed' || outcome.outcome === 'deleted') {
          failingByUri.delete(outcome.uri);
          const seconds = secondsSince(eventTime, at);
          if (seconds !== undefined) latency.push({ at, seconds });
        }
      }
      if (recentEntries.length > recentCapacity) recentEntries.splice(0, recentEntries.length - recentCapacity);
      forgetOldLatency(at);
    },
    recent: () => [...recentEntries].reverse(),
    failing: () => [...failingByUri.values()].sort((a, b) => a.since - b.since),
    failingByClass() {
      const counts = new Map<string, number>();
      for (const { failureClass } of failingByUri.values()) counts.set(failureClass, (counts.get(failureClass) ?? 0) + 1);
      return counts;
    },
    latencyLastHour() {
      forgetOldLatency(now());
      return [...latency];
    },
  };
}

import { describe, expect, test } from 'vitest';
import type { ObservedRecord } from '@dtool-notify/domain';
import { createStatusJournal } from './status-journal.js';

const uri = 's3://b/1e47c076-3a2b-4f5a-9d0e-0123456789ab';
const key = '1e47c076-3a2b-4f5a-9d0e-0123456789ab/dtool';
const notADataset: ObservedRecord = { outcome: { outcome: 'not-a-dataset', key, uri, reason: 'manifest is not valid JSON' } };
const indexed: ObservedRecord = { outcome: { outcome: 'indexed', key, uri } };

describe('createStatusJournal', () => {
  test('lists a dataset that could not be indexed with its reason and since when, until it is indexed', () => {
    let now = 1_000;
    const journal = createStatusJournal({ now: () => now });
    journal.record([notADataset]);
    now = 5_000;
    journal.record([{ outcome: { outcome: 'failed', key, uri, code: 'permanent', reason: 'manifest too large' } }]);
    expect(journal.failing()).toEqual([{ uri, failureClass: 'permanent', reason: 'manifest too large', since: 1_000, lastSeen: 5_000 }]);
    expect(journal.failingByClass()).toEqual(new Map([['permanent', 1]]));
    journal.record([indexed]);
    expect(journal.failing()).toEqual([]);
    expect(journal.failingByClass()).toEqual(new Map());
  });

  test('keeps the newest outcomes that named a dataset, newest first, ignored records left out', () => {
    const journal = createStatusJournal({ recentCapacity: 2, now: () => 7 });
    journal.record([notADataset, { outcome: { outcome: 'ignored', reason: 'not a dtool key' } }, indexed]);
    journal.record([{ outcome: { outcome: 'deleted', key, uri } }]);
    expect(journal.recent().map((entry) => entry.outcome)).toEqual(['deleted', 'indexed']);
  });

  test('remembers at most failingCapacity failing datasets, forgetting the longest failing first', () => {
    const journal = createStatusJournal({ failingCapacity: 2 });
    for (const n of [1, 2, 3]) journal.record([{ outcome: { outcome: 'not-a-dataset', key: `${n}/dtool`, uri: `s3://b/${n}`, reason: 'r' } }]);
    expect(journal.failing().map((dataset) => dataset.uri)).toEqual(['s3://b/2', 's3://b/3']);
  });

  test('keeps latencies of indexed and deleted records from the last hour only, and none for a clock ahead of ours', () => {
    let now = Date.parse('2026-12-01T10:00:00Z');
    const journal = createStatusJournal({ now: () => now });
    journal.record([{ ...indexed, eventTime: '2026-12-01T09:59:58Z' }, { ...notADataset, eventTime: '2026-12-01T09:59:00Z' }]);
    journal.record([{ ...indexed, eventTime: '2026-12-01T10:00:05Z' }]);
    expect(journal.latencyLastHour()).toEqual([{ at: now, seconds: 2 }]);
    now += 3_600_001;
    expect(journal.latencyLastHour()).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { createPartitionProgress } from './partition-progress.js';

const P0 = { topic: 'events', partition: 0 };
const P1 = { topic: 'events', partition: 1 };

describe('createPartitionProgress', () => {
  test('offers nothing to commit before any work finished', () => {
    const progress = createPartitionProgress();
    progress.assign([P0]);
    progress.begin(P0, 0n);
    expect(progress.committable()).toEqual([]);
  });

  test('commits one past the last message once every message up to it finished', () => {
    const progress = createPartitionProgress();
    progress.assign([P0]);
    const tickets = [0n, 1n, 2n].map((offset) => progress.begin(P0, offset));
    for (const ticket of tickets) ticket?.complete();
    expect(progress.committable()).toEqual([{ ...P0, offset: 3n }]);
  });

  test('never commits past a message still in work, however many later ones finished', () => {
    const progress = createPartitionProgress();
    progress.assign([P0]);
    const [first, slow, ...rest] = [10n, 11n, 12n, 13n, 14n].map((offset) => progress.begin(P0, offset));
    first?.complete();
    for (const ticket of rest) ticket?.complete();
    expect(progress.committable()).toEqual([{ ...P0, offset: 11n }]);
    slow?.complete();
    expect(progress.committable()).toEqual([{ ...P0, offset: 15n }]);
  });

  test('keeps partitions apart: a stuck message holds only its own partition', () => {
    const progress = createPartitionProgress();
    progress.assign([P0, P1]);
    progress.begin(P0, 0n);
    progress.begin(P1, 0n)?.complete();
    expect(progress.committable()).toEqual([{ ...P1, offset: 1n }]);
  });

  test('offers an offset once: after a commit only progress beyond it is offered', () => {
    const progress = createPartitionProgress();
    progress.assign([P0]);
    progress.begin(P0, 0n)?.complete();
    progress.committed(progress.committable());
    expect(progress.committable()).toEqual([]);
    progress.begin(P0, 1n)?.complete();
    expect(progress.committable()).toEqual([{ ...P0, offset: 2n }]);
  });

  test('refuses work for a partition not assigned (fetched before a rebalance took it away)', () => {
    const progress = createPartitionProgress();
    progress.assign([P0]);
    expect(progress.begin(P1, 5n)).toBeUndefined();
  });

  test('forgets a revoked partition: work finishing after it came back under a new assignment does not move its mark', () => {
    const progress = createPartitionProgress();
    progress.assign([P0]);
    const late = progress.begin(P0, 100n);
    progress.assign([]);
    // Another member committed 95; the partition comes back and is read from there.
    progress.assign([P0]);
    progress.begin(P0, 95n);
    late?.complete();
    expect(progress.committable()).toEqual([]);
  });

  test('a kept partition keeps its unfinished work across a rebalance', () => {
    const progress = createPartitionProgress();
    progress.assign([P0]);
    const slow = progress.begin(P0, 7n);
    progress.begin(P0, 8n)?.complete();
    progress.assign([P0, P1]);
    expect(progress.committable()).toEqual([{ ...P0, offset: 7n }]);
    slow?.complete();
    expect(progress.committable()).toEqual([{ ...P0, offset: 9n }]);
  });
});

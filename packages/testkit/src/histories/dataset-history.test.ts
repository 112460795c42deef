import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { datasetHistoryArbitrary } from './dataset-history.js';

const sample = (options: Parameters<typeof datasetHistoryArbitrary>[0]) =>
  fc.sample(datasetHistoryArbitrary(options), { seed: 42, numRuns: 200 });

describe('datasetHistoryArbitrary', () => {
  test('by default completes every upload and applies the steps without pauses', () => {
    const histories = sample({});
    expect(histories.every((history) => history.frozen && history.pausesMs.length === 0)).toBe(true);
  });

  test('with maxPauseMs waits at most that long before each step', () => {
    const pauses = sample({ maxPauseMs: 40 }).map((history) => history.pausesMs);
    expect(pauses.every((pausesMs) => pausesMs.length === 5 && pausesMs.every((ms) => ms >= 0 && ms <= 40))).toBe(true);
    expect(pauses.flat().some((ms) => ms > 0)).toBe(true);
  });

  test('with protodatasets leaves some uploads unfrozen', () => {
    const frozen = sample({ protodatasets: true }).map((history) => history.frozen);
    expect(frozen).toContain(false);
    expect(frozen).toContain(true);
  });

  test('deletes a dataset only as its last step', () => {
    const histories = sample({});
    expect(histories.some((history) => history.steps.at(-1)?.kind === 'delete')).toBe(true);
    expect(histories.every((history) => history.steps.slice(0, -1).every((step) => step.kind !== 'delete'))).toBe(true);
  });

  test('options that are off leave the other fields of each history unchanged', () => {
    const strip = ({ frozen: _frozen, pausesMs: _pausesMs, ...rest }: { frozen: boolean; pausesMs: readonly number[] }) => rest;
    expect(sample({ maxPauseMs: 40 }).map(strip)).toEqual(sample({}).map(strip));
  });
});

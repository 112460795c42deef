import { describe, expect, test } from 'vitest';
import { readBenchOptions } from './bench-options.js';
import { median } from './figures.js';

describe('readBenchOptions', () => {
  test('--quick runs every scenario at the small sizes, with its 5x200 target run last', () => {
    const options = readBenchOptions(['--quick']);
    expect([...options.scenarios]).toEqual(['storm', 'flood', 'memory', 'backfill', 'kafka']);
    expect(options.backfillSizes).toEqual([100, 500]);
    expect(options.stormCases).toEqual([
      { datasets: 1, items: 10, target: false },
      { datasets: 1, items: 300, target: false },
      { datasets: 10, items: 10, target: false },
      { datasets: 5, items: 200, target: true },
    ]);
    expect(options.memoryCheckpoints).toEqual([2000, 20000]);
    expect(options.kafkaStorm).toEqual({ datasets: 5, items: 200 });
    expect(options.kafkaIgnorable).toBe(50_000);
  });

  test('refuses an unknown scenario and sizes that are not whole numbers', () => {
    expect(() => readBenchOptions(['--only', 'storm,fire'])).toThrow('--only: unknown scenario "fire"');
    expect(() => readBenchOptions(['--items', '10,0.5'])).toThrow('--items takes whole numbers ≥ 1');
  });
});

describe('median', () => {
  test('is the middle value, the lower of the two middles for an even count', () => {
    expect(median([30, 10, 20])).toBeCloseTo(20, 1);
    expect(median([4, 1, 3, 2])).toBeCloseTo(2, 2);
  });
});

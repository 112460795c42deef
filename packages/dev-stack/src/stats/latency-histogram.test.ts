import { describe, expect, test } from 'vitest';
import { createLatencyHistogram, percentile } from './latency-histogram.js';

describe('createLatencyHistogram', () => {
  test('reports p50, p99 and max of 1..1000 ms within 0.1 %', () => {
    const histogram = createLatencyHistogram();
    for (let ms = 1; ms <= 1000; ms += 1) histogram.record(ms);
    const summary = histogram.summary();
    expect(summary.p50).toBeCloseTo(500, 0);
    expect(summary.p99).toBeCloseTo(990, -1);
    expect(summary.max).toBeCloseTo(1000, 0);
    expect(summary.mean).toBeCloseTo(500.5, 0);
  });

  test('keeps sub-millisecond durations apart', () => {
    expect(percentile([0.2, 0.4, 0.6], 0.5)).toBeCloseTo(0.4, 3);
  });

  test('summarizes no durations as zeros and has no percentile of nothing', () => {
    expect(createLatencyHistogram().summary()).toEqual({ mean: 0, p50: 0, p99: 0, max: 0 });
    expect(percentile([], 0.5)).toBeNaN();
  });
});

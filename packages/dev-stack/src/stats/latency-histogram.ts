import { build } from 'hdr-histogram-js';

/** Durations summarized as mean, p50, p99 and max, in ms. */
export interface DurationSummary {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Durations recorded in constant memory; percentiles within 0.1 % of the truth. */
export interface LatencyHistogram {
  record(ms: number): void;
  /** The value at `fraction` (0–1) of the recorded durations, in ms (NaN when none). */
  at(fraction: number): number;
  summary(): DurationSummary;
}

/** The one percentile implementation of the workspace: an HDR histogram of microseconds. */
export function createLatencyHistogram(): LatencyHistogram {
  const histogram = build({ lowestDiscernibleValue: 1, highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: 3, autoResize: true });
  const toMs = (microseconds: number): number => microseconds / 1000;
  const at = (fraction: number): number => (histogram.totalCount === 0 ? Number.NaN : toMs(histogram.getValueAtPercentile(fraction * 100)));
  return {
    record: (ms) => histogram.recordValue(Math.max(0, Math.round(ms * 1000))),
    at,
    summary: () =>
      histogram.totalCount === 0 ? { mean: 0, p50: 0, p99: 0, max: 0 } : { mean: toMs(histogram.mean), p50: at(0.5), p99: at(0.99), max: toMs(histogram.maxValue) },
  };
}

/** The value at `fraction` (0–1) of `values` (in ms), through {@link createLatencyHistogram}. */
export function percentile(values: readonly number[], fraction: number): number {
  const histogram = createLatencyHistogram();
  for (const value of values) histogram.record(value);
  return histogram.at(fraction);
}

/** Durations summarized as mean, p50, p99 and max, in ms. */
export interface DurationSummary {
  readonly mean: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

/** Records durations in constant memory and time; percentiles are within 2 % of the truth. */
export interface LatencyHistogram {
  record(ms: number): void;
  summary(): DurationSummary;
}

const GROWTH = 1.02;
const SMALLEST_MS = 0.001;
const BUCKETS = Math.ceil(Math.log(3_600_000 / SMALLEST_MS) / Math.log(GROWTH)) + 1;

/** Creates a log-scale histogram from 1 µs to an hour (buckets 2 % wide). */
export function createLatencyHistogram(): LatencyHistogram {
  const counts = new Float64Array(BUCKETS);
  let count = 0;
  let total = 0;
  let max = 0;
  const bucketOf = (ms: number): number =>
    ms <= SMALLEST_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / SMALLEST_MS) / Math.log(GROWTH)));
  const at = (fraction: number): number => {
    const rank = Math.max(1, Math.ceil(fraction * count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket += 1) {
      seen += counts[bucket] ?? 0;
      if (seen >= rank) return Math.min(max, SMALLEST_MS * GROWTH ** bucket);
    }
    return max;
  };
  return {
    record(ms) {
      const bucket = bucketOf(ms);
      counts[bucket] = (counts[bucket] ?? 0) + 1;
      count += 1;
      total += ms;
      max = Math.max(max, ms);
    },
    summary: () => (count === 0 ? { mean: 0, p50: 0, p99: 0, max: 0 } : { mean: total / count, p50: at(0.5), p99: at(0.99), max }),
  };
}

import { describe, expect, test } from 'vitest';
import { createProgressLine, describeProgress } from './progress-line.js';

const counts = { added: 1200, updated: 0, unchanged: 30, removed: 0, 'not-a-dataset': 4, failed: 4 };

describe('describeProgress', () => {
  test('shows done/total, percentage, rate, ETA and the counts of each change', () => {
    expect(describeProgress('s3://b', counts, 5000, 20_000)).toBe(
      's3://b  1,238/5,000 24.8%  61.9/s  ETA 1m01s  1,200 added, 0 updated, 30 unchanged, 0 removed, 4 failed',
    );
  });

  test('shows the count and rate alone while the total is unknown', () => {
    expect(describeProgress('s3://b', counts, undefined, 20_000)).toBe('s3://b  1,238 datasets  61.9/s  1,200 added, 0 updated, 30 unchanged, 0 removed, 4 failed');
  });

  test('stays at 100% without an ETA once pruning goes past the registered datasets', () => {
    expect(describeProgress('s3://b', { ...counts, removed: 10 }, 1000, 10_000)).toMatch(/^s3:\/\/b {2}1,000\/1,000 100\.0% {2}124\.8\/s {2}1,200 added/);
  });

  test('draws on a terminal that reports no width, and clears the line when done', () => {
    const written: string[] = [];
    const terminal = { isTTY: true, columns: 0, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    let clock = 0;
    const line = createProgressLine(terminal, { label: 's3://b', now: () => clock });
    line.total(2);
    clock = 1000;
    line.tick('added');
    line.done();
    // 80 columns assumed: the line is cut to 79 characters.
    expect(written.at(-2)).toBe('\rs3://b  1/2 50.0%  1.0/s  ETA 1s  1 added, 0 updated, 0 unchanged, 0 removed, 0');
    expect(written.at(-1)).toBe(`\r${' '.repeat(79)}\r`);
  });

  test('writes nothing when the stream is not a terminal', () => {
    const written: string[] = [];
    const pipe = { isTTY: false, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
    const line = createProgressLine(pipe, { label: 's3://b' });
    line.total(1);
    line.tick('added');
    line.done();
    expect(written).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { createProgressLine } from './progress-line.js';

const streamOf = (isTTY: boolean): NodeJS.WriteStream & { written: string[] } => {
  const written: string[] = [];
  return { isTTY, columns: 60, written, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream & { written: string[] };
};

describe('createProgressLine', () => {
  test('on a terminal, redraws one line with the count and the rate in datasets per second', () => {
    let now = 0;
    const stream = streamOf(true);
    const progress = createProgressLine(stream, { now: () => now });
    for (let n = 1; n <= 50; n += 1) {
      now = n * 20;
      progress.tick(`s3://b/${n} added`);
    }
    expect(stream.written.at(-1)).toMatch(/^\r\[50\] 50\.0\/s s3:\/\/b\/50 added\s*$/);
    expect(stream.written.every((line) => line.length === 60)).toBe(true);
    progress.done();
    expect(stream.written.at(-1)).toBe(`\r${' '.repeat(59)}\r`);
  });

  test('writes nothing when the stream is not a terminal', () => {
    const stream = streamOf(false);
    const progress = createProgressLine(stream, { now: () => 1000 });
    progress.tick('s3://b/1 added');
    progress.done();
    expect(stream.written).toEqual([]);
  });
});

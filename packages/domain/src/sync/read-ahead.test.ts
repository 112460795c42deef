import { describe, expect, test } from 'vitest';
import { readAhead } from './read-ahead.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

/** A source of `count` numbers that records how far it was read and whether it was ended. */
function countingSource(count: number, failAt?: number) {
  const seen = { read: 0, ended: false };
  async function* numbers(): AsyncGenerator<number> {
    try {
      for (let value = 0; value < count; value += 1) {
        await tick();
        if (value === failAt) throw new Error(`listing page ${value} failed`);
        seen.read += 1;
        yield value;
      }
    } finally {
      seen.ended = true;
    }
  }
  return { seen, source: numbers() };
}

async function drain(iterable: AsyncIterable<number>): Promise<number[]> {
  const values: number[] = [];
  for await (const value of iterable) values.push(value);
  return values;
}

describe('readAhead', () => {
  test('reads up to its depth before anything is asked for, then keeps that far ahead', async () => {
    const { seen, source } = countingSource(100);
    const ahead = readAhead(source, 5);
    for (let wait = 0; wait < 20; wait += 1) await tick();
    expect(seen.read).toBe(5);
    expect(await ahead.next()).toEqual({ done: false, value: 0 });
    for (let wait = 0; wait < 20; wait += 1) await tick();
    expect(seen.read).toBe(6);
    await ahead.return();
  });

  test('yields every item of the source once, in order, and then ends', async () => {
    const { source } = countingSource(23);
    expect(await drain(readAhead(source, 4))).toEqual(Array.from({ length: 23 }, (_, value) => value));
  });

  test('throws a failure of the source after the items read before it', async () => {
    const { source } = countingSource(10, 6);
    const values: number[] = [];
    await expect(
      (async () => {
        for await (const value of readAhead(source, 3)) values.push(value);
      })(),
    ).rejects.toThrow('listing page 6 failed');
    expect(values).toEqual([0, 1, 2, 3, 4, 5]);
  });

  test('a consumer that stops early ends the source and leaves the rest unread', async () => {
    const { seen, source } = countingSource(1000);
    for await (const value of readAhead(source, 8)) if (value === 2) break;
    expect(seen.ended).toBe(true);
    expect(seen.read).toBeLessThanOrEqual(2 + 8 + 1);
  });

  test('refuses a depth that could never read anything', () => {
    expect(() => readAhead(countingSource(1).source, 0)).toThrow(RangeError);
  });
});

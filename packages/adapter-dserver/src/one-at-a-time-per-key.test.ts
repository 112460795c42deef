import { describe, expect, test } from 'vitest';
import { createOneAtATimePerKey } from './one-at-a-time-per-key.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('createOneAtATimePerKey', () => {
  test('never overlaps tasks of one key, even when one fails, and lets other keys run alongside', async () => {
    const run = createOneAtATimePerKey();
    let running = 0;
    let most = 0;
    const task = (fail: boolean) => async () => {
      running += 1;
      most = Math.max(most, running);
      await tick();
      running -= 1;
      if (fail) throw new Error('failed');
      return 'done';
    };
    const sameKey = await Promise.allSettled(Array.from({ length: 5 }, (_, position) => run('a', task(position === 1))));
    expect(most).toBe(1);
    expect(sameKey.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
    most = 0;
    await Promise.all([run('a', task(false)), run('b', task(false))]);
    expect(most).toBe(2);
  });
});

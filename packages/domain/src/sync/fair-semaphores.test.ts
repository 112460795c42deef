import { describe, expect, test } from 'vitest';
import { createFairSemaphores } from './fair-semaphores.js';

const never = (): Promise<never> => new Promise(() => undefined);
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('createFairSemaphores', () => {
  test('keeps slots free for other groups however large one stalled group’s backlog is', async () => {
    const slotsOf = createFairSemaphores(4, 3);
    for (let index = 0; index < 50; index += 1) void slotsOf('stalled').run(never);
    await flush();
    expect(slotsOf('stalled').active).toBe(3);
    await expect(slotsOf('healthy').run(async () => 'done')).resolves.toBe('done');
  });

  test('never runs more tasks than the total across groups', async () => {
    const slotsOf = createFairSemaphores(4, 3);
    let running = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await flush();
      running -= 1;
    };
    await Promise.all(['a', 'b', 'c'].flatMap((group) => Array.from({ length: 10 }, () => slotsOf(group).run(task))));
    expect(peak).toBe(4);
  });
});

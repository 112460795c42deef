import { describe, expect, test } from 'vitest';
import { createSemaphore } from './semaphore.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('createSemaphore', () => {
  test('never runs more tasks at once than its limit, even when newcomers arrive as slots free up', async () => {
    const semaphore = createSemaphore(3);
    let running = 0;
    let peak = 0;
    const task = async (): Promise<void> => {
      running += 1;
      peak = Math.max(peak, running);
      await tick();
      running -= 1;
    };
    const waves = [];
    for (let wave = 0; wave < 5; wave += 1) {
      for (let index = 0; index < 10; index += 1) waves.push(semaphore.run(task));
      await tick();
    }
    await Promise.all(waves);
    expect(peak).toBe(3);
    expect(semaphore.active).toBe(0);
    expect(semaphore.waiting).toBe(0);
  });

  test('frees the slot of a task that fails', async () => {
    const semaphore = createSemaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(semaphore.run(() => Promise.resolve(42))).resolves.toBe(42);
  });
});

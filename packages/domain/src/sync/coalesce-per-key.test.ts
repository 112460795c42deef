import { describe, expect, test } from 'vitest';
import { createKeyedCoalescer } from './coalesce-per-key.js';
import { createSemaphore } from './semaphore.js';

interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}
const gate = (): Gate => {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
};
const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('createKeyedCoalescer', () => {
  test('answers everyone who asked during a run with exactly one further run', async () => {
    const coalescer = createKeyedCoalescer<number>(createSemaphore(4));
    const release = gate();
    let runs = 0;
    const task = async (): Promise<number> => {
      runs += 1;
      const run = runs;
      if (run === 1) await release.promise;
      return run;
    };
    const first = coalescer.run('x', task);
    await flush();
    const later = Array.from({ length: 20 }, () => coalescer.run('x', task));
    release.open();
    expect(await first).toBe(1);
    expect(await Promise.all(later)).toEqual(Array(20).fill(2));
    expect(runs).toBe(2);
    expect(coalescer.size).toBe(0);
  });

  test('lets a request join a run that is still waiting for a slot', async () => {
    const coalescer = createKeyedCoalescer<string>(createSemaphore(1));
    const release = gate();
    let runsOfB = 0;
    const blocker = coalescer.run('a', async () => {
      await release.promise;
      return 'a';
    });
    const b1 = coalescer.run('b', async () => `b${(runsOfB += 1)}`);
    const b2 = coalescer.run('b', async () => `b${(runsOfB += 1)}`);
    release.open();
    expect(await Promise.all([blocker, b1, b2])).toEqual(['a', 'b1', 'b1']);
    expect(runsOfB).toBe(1);
  });

  test('runs different keys concurrently', async () => {
    const coalescer = createKeyedCoalescer<string>(createSemaphore(8));
    const release = gate();
    let started = 0;
    const runs = ['a', 'b', 'c'].map((key) =>
      coalescer.run(key, async () => {
        started += 1;
        await release.promise;
        return key;
      }),
    );
    await flush();
    expect(started).toBe(3);
    release.open();
    expect(await Promise.all(runs)).toEqual(['a', 'b', 'c']);
  });

  test('passes a failure to the callers of that run and still runs the next one', async () => {
    const coalescer = createKeyedCoalescer<string>(createSemaphore(2));
    const release = gate();
    const failing = coalescer.run('x', async () => {
      await release.promise;
      throw new Error('unavailable');
    });
    await flush();
    const next = coalescer.run('x', async () => 'recovered');
    release.open();
    await expect(failing).rejects.toThrow('unavailable');
    await expect(next).resolves.toBe('recovered');
  });
});

// One build of a tool (or venv) at a time, across processes and checkouts.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Progress } from '../progress/progress.js';

/**
 * Runs `work` holding the lock `<target>.lock`, waiting for another holder first (a lock
 * whose holder died is taken over once it is 30 s stale). `isDone` is asked again after the
 * wait: whoever held the lock has usually done the work already.
 */
export async function withLock(target: string, progress: Progress, isDone: () => boolean, work: () => Promise<void>): Promise<void> {
  mkdirSync(dirname(target), { recursive: true });
  const options = { realpath: false, stale: 30_000, update: 5_000, lockfilePath: `${target}.lock` };
  if (await lockfile.check(target, options)) {
    progress(`another process is building ${target}; waiting for it`);
  }
  const release = await progress.withHeartbeat(`still waiting for the lock on ${target}`, () =>
    lockfile.lock(target, { ...options, retries: { forever: true, minTimeout: 500, maxTimeout: 2_000 } }),
  );
  try {
    if (!isDone()) await work();
  } finally {
    await release();
  }
}

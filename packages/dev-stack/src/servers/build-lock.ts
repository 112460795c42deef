// One build per tool at a time, across processes: the lock is a directory (mkdir is atomic)
// holding owner.json, so a lock left by a dead process can be recognised and taken over.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { progress, sleep, withHeartbeat } from './progress.mjs';

/**
 * Takes the build lock of a tool. Returns `{ release }`, or null after waiting for another
 * holder to finish, so the caller re-checks the cache.
 */
export async function acquireLock(name, p) {
  fs.mkdirSync(path.dirname(p.lock), { recursive: true });
  const owner = path.join(p.lock, 'owner.json');
  try {
    fs.mkdirSync(p.lock);
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    if (lockIsStale(owner)) {
      fs.rmSync(p.lock, { recursive: true, force: true });
      return acquireLock(name, p);
    }
    progress(`${name}: another invocation is building it; waiting (lock: ${p.lock})`);
    await withHeartbeat(`${name}: still waiting for the other build`, async () => {
      while (fs.existsSync(p.lock) && !lockIsStale(owner)) await sleep(1000);
    });
    return null;
  }
  fs.writeFileSync(owner, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
  return { release: () => fs.rmSync(p.lock, { recursive: true, force: true }) };
}

function lockIsStale(ownerFile) {
  try {
    const { pid, host } = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
    // A lock from another host (shared home dir) cannot be checked; trust it.
    return host === os.hostname() && !isAlive(pid);
  } catch {
    // owner.json not written yet (just created) or unreadable: give the creator a moment
    const age = Date.now() - (fs.statSync(path.dirname(ownerFile), { throwIfNoEntry: false })?.mtimeMs ?? 0);
    return age > 10_000;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

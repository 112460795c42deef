// A built binary counts as good once `--version` ran; a stamp file records that so later runs skip it.

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { progress } from './progress.mjs';

/** True when the binary and its stamp exist (checked before, no need to run it again). */
export function isVerified(p) {
  return fs.existsSync(p.stamp) && fs.existsSync(p.binary);
}

/** Runs `<binary> --version`; on success writes the stamp, on failure removes the binary so it is rebuilt. */
export function verifyBinary(p) {
  if (!fs.existsSync(p.binary)) return false;
  const res = spawnSync(p.binary, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (res.status === 0) {
    fs.writeFileSync(p.stamp, JSON.stringify({ verifiedAt: new Date().toISOString(), version: res.stdout.trim() }) + '\n');
    return true;
  }
  progress(`${p.binary} is unusable (--version exited ${res.status ?? res.signal}); it will be rebuilt`);
  fs.rmSync(p.binary, { force: true });
  return false;
}

// A built binary counts as good once `--version` ran; a stamp file records that so later runs skip it.
import fs from 'node:fs';
import { execaSync } from 'execa';
import type { Progress } from '../progress/progress.js';
import type { ToolPaths } from './tools.js';

/** True when the binary and its stamp exist (checked before, no need to run it again). */
export function isVerified(paths: ToolPaths): boolean {
  return fs.existsSync(paths.stamp) && fs.existsSync(paths.binary);
}

/** Runs `<binary> --version`; on success writes the stamp, on failure removes the binary so it is rebuilt. */
export function verifyBinary(paths: ToolPaths, progress: Progress): boolean {
  if (!fs.existsSync(paths.binary)) return false;
  const result = execaSync(paths.binary, ['--version'], { reject: false, timeout: 30_000 });
  if (result.exitCode === 0) {
    fs.writeFileSync(paths.stamp, `${JSON.stringify({ verifiedAt: new Date().toISOString(), version: result.stdout.trim() })}\n`);
    return true;
  }
  progress(`${paths.binary} is unusable (--version exited ${result.exitCode ?? result.signal}); it will be rebuilt`);
  fs.rmSync(paths.binary, { force: true });
  return false;
}

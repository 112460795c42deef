// Makes the pinned tools available: reuse the cache, else wait for or run the one build, then link.

import fs from 'node:fs';
import path from 'node:path';
import { acquireLock } from './build-lock.mjs';
import { waitForExternalBuild } from './external-build.mjs';
import { buildTool } from './go-build.mjs';
import { TOOLS, toolPaths } from './tools.mjs';
import { isVerified, verifyBinary } from './verify-binary.mjs';

/** Ensures both pinned tools are built (or reused from the cache) and linked into `.tools/bin`. Returns `{ minio, ferretdb }` link paths. */
export async function ensureTools() {
  // allSettled: a failure of one must not exit the process while the other is still building.
  const [minio, ferretdb] = await Promise.allSettled([ensureTool('minio'), ensureTool('ferretdb')]);
  for (const r of [minio, ferretdb]) if (r.status === 'rejected') throw r.reason;
  return { minio: minio.value, ferretdb: ferretdb.value };
}

/** Ensures one tool is available; returns the path of its `.tools/bin` link. */
export async function ensureTool(name) {
  const p = toolPaths(name);
  for (;;) {
    if (isVerified(p)) return linkTool(p);
    await waitForExternalBuild(TOOLS[name], p);
    if (verifyBinary(p)) return linkTool(p);
    const lock = await acquireLock(name, p);
    if (!lock) continue; // someone else built it meanwhile; re-check
    try {
      if (!verifyBinary(p)) await buildTool(TOOLS[name], p);
    } finally {
      lock.release();
    }
    return linkTool(p);
  }
}

// Replaced atomically (symlink then rename), so a concurrent run never sees a missing link.
function linkTool(p) {
  fs.mkdirSync(path.dirname(p.link), { recursive: true });
  let current = null;
  try {
    current = fs.readlinkSync(p.link);
  } catch {
    // no link yet
  }
  if (current !== p.binary) {
    const tmp = `${p.link}.${process.pid}.tmp`;
    fs.rmSync(tmp, { force: true });
    fs.symlinkSync(p.binary, tmp);
    fs.renameSync(tmp, p.link);
  }
  return p.link;
}

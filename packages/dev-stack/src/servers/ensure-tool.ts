// Makes the pinned tools available: reuse the cache, else wait for or run the one build, then link.
import fs from 'node:fs';
import path from 'node:path';
import { withLock } from '../lock/with-lock.js';
import { createProgress } from '../progress/progress.js';
import { waitForExternalBuild } from './external-build.js';
import { buildTool } from './go-build.js';
import { TOOLS, toolPaths, type ToolName, type ToolPaths } from './tools.js';
import { isVerified, verifyBinary } from './verify-binary.js';

/** Ensures both pinned tools are built (or reused from the cache) and linked into `.tools/bin`; returns the links. */
export async function ensureTools(): Promise<Readonly<Record<ToolName, string>>> {
  // allSettled: a failure of one must not exit the process while the other is still building.
  const [minio, ferretdb] = await Promise.allSettled([ensureTool('minio'), ensureTool('ferretdb')]);
  if (minio.status === 'rejected') throw minio.reason;
  if (ferretdb.status === 'rejected') throw ferretdb.reason;
  return { minio: minio.value, ferretdb: ferretdb.value };
}

/** Ensures one tool is available; returns the path of its `.tools/bin` link. */
export async function ensureTool(name: ToolName): Promise<string> {
  const paths = toolPaths(name);
  if (isVerified(paths)) return linkTool(paths);
  const progress = createProgress(name);
  await waitForExternalBuild(TOOLS[name], paths, progress);
  const ready = (): boolean => verifyBinary(paths, progress);
  if (!ready()) await withLock(paths.dir, progress, ready, () => buildTool(TOOLS[name], paths, progress));
  return linkTool(paths);
}

// Replaced atomically (symlink then rename), so a concurrent run never sees a missing link.
function linkTool(paths: ToolPaths): string {
  fs.mkdirSync(path.dirname(paths.link), { recursive: true });
  let current: string | undefined;
  try {
    current = fs.readlinkSync(paths.link);
  } catch {
    // no link yet
  }
  if (current !== paths.binary) {
    const temporary = `${paths.link}.${process.pid}.tmp`;
    fs.rmSync(temporary, { force: true });
    fs.symlinkSync(paths.binary, temporary);
    fs.renameSync(temporary, paths.link);
  }
  return paths.link;
}

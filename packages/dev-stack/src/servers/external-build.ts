// Machine provisioning may run `go install <module>@<version>` itself, logging to our log
// file and appending a `done <code>` line at the end; a second build meanwhile would be wasted.
import fs from 'node:fs';
import { sleep, type Progress } from '../progress/progress.js';
import type { Tool, ToolPaths } from './tools.js';

/** Waits while a build of `tool` started outside this package is still running. */
export async function waitForExternalBuild(tool: Tool, paths: ToolPaths, progress: Progress): Promise<void> {
  if (!externalBuildRunning(tool, paths)) return;
  progress(`a build is already running elsewhere; waiting for it (log: ${paths.log})`);
  await progress.withHeartbeat('still waiting for the running build', async () => {
    while (externalBuildRunning(tool, paths)) await sleep(2000);
  });
  progress('the other build finished');
}

function externalBuildRunning(tool: Tool, paths: ToolPaths): boolean {
  let log: string;
  try {
    log = fs.readFileSync(paths.log, 'utf8');
  } catch {
    return false;
  }
  if (/^done\b/m.test(log)) return false;
  return findGoBuildProcess(tool.module);
}

/** Whether a live `go install|build` process (not us) mentions `needle` on its command line. Linux only. */
function findGoBuildProcess(needle: string): boolean {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return false;
  }
  return entries.some((entry) => {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) return false;
    try {
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      return /\bgo\b.*\b(install|build)\b/.test(commandLine) && commandLine.includes(needle);
    } catch {
      return false; // the process went away
    }
  });
}

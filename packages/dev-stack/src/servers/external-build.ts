// Machine provisioning may run `go install <module>@<version>` itself, logging to our log
// file and appending a `done <code>` line at the end; a second build meanwhile would be wasted.

import fs from 'node:fs';
import { progress, sleep, withHeartbeat } from './progress.mjs';

/** Waits while a build of `tool` started outside this script is still running. */
export async function waitForExternalBuild(tool, p) {
  if (!externalBuildRunning(tool, p)) return;
  progress(`${tool.name}: a build is already running elsewhere; waiting for it (log: ${p.log})`);
  await withHeartbeat(`${tool.name}: still waiting for the running build`, async () => {
    while (externalBuildRunning(tool, p)) await sleep(2000);
  });
  progress(`${tool.name}: the other build finished`);
}

function externalBuildRunning(tool, p) {
  let log;
  try {
    log = fs.readFileSync(p.log, 'utf8');
  } catch {
    return false;
  }
  if (/^done\b/m.test(log)) return false;
  return findGoBuildProcess(`${tool.module}`) !== null;
}

/** Pid of a live `go install|build` process (not us) whose command line mentions `needle`, or null. Linux only. */
function findGoBuildProcess(needle) {
  let entries;
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (/\bgo\b.*\b(install|build)\b/.test(cmdline) && cmdline.includes(needle)) return Number(entry);
    } catch {
      // process went away
    }
  }
  return null;
}

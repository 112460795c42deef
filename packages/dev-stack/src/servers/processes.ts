// Server child processes: launched, awaited until ready, stopped, and never left behind.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sleep } from './progress.mjs';
import { RingBuffer } from './ring-buffer.mjs';

const READY_TIMEOUT_MS = 60_000;
const STOP_GRACE_MS = 5_000;

const children = new Set(); // { child, throwawayDir }
let exitHookInstalled = false;

/** The data directory to use: `given` (created if missing), or a fresh temporary one removed on stop. */
export function makeDataDir(prefix, given) {
  if (given) {
    fs.mkdirSync(given, { recursive: true });
    return { dataDir: path.resolve(given), throwaway: false };
  }
  return { dataDir: fs.mkdtempSync(path.join(os.tmpdir(), prefix)), throwaway: true };
}

/**
 * Spawns a server, waits until `isReady()` resolves true, and returns a handle whose
 * `stop()` terminates it (SIGTERM, SIGKILL after 5 s) and removes a throwaway data dir.
 */
export async function launch({ name, cmd, args, env, dataDir, throwaway, isReady, onOutput, timeoutMs = READY_TIMEOUT_MS }) {
  installExitHook();
  const output = new RingBuffer(80, onOutput);
  const t0 = Date.now();
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const entry = { child, throwawayDir: throwaway ? dataDir : null };
  children.add(entry);
  let exitInfo = null;
  let spawnError = null;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
    // A failed spawn (e.g. ENOENT) may never emit 'exit'.
    child.on('error', (err) => {
      spawnError ??= err;
      if (child.pid === undefined) resolve({ code: null, signal: null });
    });
  }).then((info) => {
    children.delete(entry);
    exitInfo = info;
    return info;
  });
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => output.push(chunk));
  }

  let stopping = null;
  const stop = () =>
    (stopping ??= (async () => {
      if (!exitInfo) {
        child.kill('SIGTERM');
        // Cleared on exit: a pending timer would keep the caller's process alive for 5 s.
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      if (throwaway) fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    })());

  const fail = async (why) => {
    await stop();
    const tail = output.text();
    return new Error(`${name} failed to start: ${why}\n${cmd} ${args.join(' ')}\n--- last output ---\n${tail || '(none)'}`);
  };

  for (;;) {
    if (spawnError) throw await fail(spawnError.message);
    if (exitInfo) throw await fail(`exited with ${exitInfo.code ?? exitInfo.signal}`);
    if (await isReady().catch(() => false)) break;
    if (Date.now() - t0 > timeoutMs) throw await fail(`not ready after ${timeoutMs} ms`);
    await sleep(100);
  }
  return { pid: child.pid, dataDir, startupMs: Date.now() - t0, stop, output: () => output.text() };
}

function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killAllChildrenSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      // Someone else (a test runner, the CLI) handles this signal and will exit or stop us.
      if (process.listenerCount(sig) > 1) return;
      killAllChildrenSync();
      process.removeListener(sig, onSignal);
      process.kill(process.pid, sig); // re-raise: default behaviour, die by the signal
    };
    process.on(sig, onSignal);
  }
}

function killAllChildrenSync() {
  for (const entry of children) {
    try {
      entry.child.kill('SIGKILL');
    } catch {
      // already gone
    }
    if (entry.throwawayDir) fs.rmSync(entry.throwawayDir, { recursive: true, force: true, maxRetries: 3 });
  }
  children.clear();
}

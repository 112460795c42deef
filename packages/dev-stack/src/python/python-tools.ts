#!/usr/bin/env node
// Provisions the Python side of the dtool interop tests: pinned virtual environments with the
// real dtool CLI (producer) and the dserver / dtool-lookup-server reference code (oracle).
// Created on first use, reused while the pinned requirements are unchanged and its Python exists.
//
//   node scripts/python-tools.mjs install [main|legacy|all]   create or reuse the venv(s) (default all)
//   node scripts/python-tools.mjs paths                       print venv and cache locations
//
// Importable: ensurePythonTools(), ensureLegacyPythonTools(), dtoolS3Environment(), ORACLE_SCRIPT.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from './services.mjs';

const SCRIPTS_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(SCRIPTS_DIR, '..');
const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
/** The pinned packages need Python >= 3.11 (pymongo 4.20, SQLAlchemy 2.1, dnspython 2.9). */
export const MIN_PYTHON = [3, 11];
const RECIPE_VERSION = 1; // bump when the way a venv is built changes
const HEARTBEAT_MS = 15_000;
const PIP_PROGRESS = /^(Collecting|Building wheel|Installing collected|Successfully)/;

/** Helper printing the document the Python reference would store (see its docstring). */
export const ORACLE_SCRIPT = path.join(SCRIPTS_DIR, 'dtool-oracle.py');

/** The virtual environments: `main` (dtool CLI + dservercore) and `legacy` (dtool-lookup-server 0.17.2). */
export const VENVS = {
  main: { name: 'main', dir: path.join(TOOLS_DIR, 'venv'), requirements: path.join(SCRIPTS_DIR, 'python-requirements.txt') },
  legacy: { name: 'legacy', dir: path.join(TOOLS_DIR, 'venv-legacy'), requirements: path.join(SCRIPTS_DIR, 'python-requirements-legacy.txt') },
};

/** Where pip caches downloads and built wheels, shared by every checkout on the machine. */
export function pipCacheDir() {
  return path.join(cacheRoot(), 'pip');
}

function progress(msg) {
  process.stderr.write(`[python-tools] ${msg}\n`);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms) => `${Math.round(ms / 1000)}s`;

/**
 * The base interpreter: `$DTOOL_NOTIFY_PYTHON` or `python3` on PATH, checked for version and for
 * the venv module. Throws an error that says what to install.
 */
export function requirePython() {
  const cmd = process.env.DTOOL_NOTIFY_PYTHON || 'python3';
  const want = MIN_PYTHON.join('.');
  const howTo =
    `Install Python >= ${want} with its venv module (Debian/Ubuntu: \`apt-get install python3 python3-venv\`, ` +
    `on releases whose python3 is older use pyenv or python.org), or point DTOOL_NOTIFY_PYTHON at such an interpreter.`;
  const probe = 'import sys, json, ensurepip, venv; print(json.dumps({"version": list(sys.version_info[:3]), "executable": sys.executable}))';
  const res = spawnSync(cmd, ['-c', probe], { encoding: 'utf8' });
  if (res.error?.code === 'ENOENT') {
    throw new Error(`\`${cmd}\` was not found; the dtool interop tests need it to run the real dtool tools. ${howTo}`);
  }
  if (res.status !== 0) {
    const missingVenv = /No module named '?(ensurepip|venv)/.test(res.stderr);
    const why = missingVenv ? 'has no venv/ensurepip module' : `failed: ${(res.stderr || res.stdout).trim()}`;
    throw new Error(`\`${cmd}\` ${why}. ${howTo}`);
  }
  const { version, executable } = JSON.parse(res.stdout);
  const [major, minor] = version;
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new Error(`\`${cmd}\` is Python ${version.join('.')} (${executable}); Python >= ${want} is needed. ${howTo}`);
  }
  return { command: cmd, executable, version: version.join('.') };
}

function venvPaths(venv) {
  return {
    python: path.join(venv.dir, 'bin', 'python'),
    dtool: path.join(venv.dir, 'bin', 'dtool'),
    stamp: path.join(venv.dir, '.dtool-notify-stamp.json'),
    lock: `${venv.dir}.lock`,
    log: path.join(cacheRoot(), 'logs', `python-${venv.name}.log`),
  };
}

/**
 * Hash of what a venv is built from: the pinned requirements and the recipe. Not the base
 * Python: a venv keeps working with the interpreter it was made from, whatever `python3` is on
 * PATH today; if that interpreter goes away, bin/python dangles and the venv is rebuilt.
 */
function fingerprint(venv) {
  const hash = crypto.createHash('sha256');
  hash.update(fs.readFileSync(venv.requirements));
  hash.update(`\0${RECIPE_VERSION}`);
  return hash.digest('hex');
}

function isCurrent(p, hash) {
  try {
    // existsSync follows the bin/python symlink: false once the base interpreter is gone.
    return JSON.parse(fs.readFileSync(p.stamp, 'utf8')).fingerprint === hash && fs.existsSync(p.python);
  } catch {
    return false;
  }
}

/** Ensures the main venv (dtool CLI, dtool-s3, dservercore). Returns `{python, dtool, venv}` paths. */
export async function ensurePythonTools() {
  const venv = await ensureVenv(VENVS.main);
  return { python: venv.python, dtool: venv.dtool, venv: VENVS.main.dir };
}

/** Ensures the legacy venv (dtool-lookup-server 0.17.2). Returns `{python, venv}` paths. */
export async function ensureLegacyPythonTools() {
  const venv = await ensureVenv(VENVS.legacy);
  return { python: venv.python, venv: VENVS.legacy.dir };
}

async function ensureVenv(venv) {
  const hash = fingerprint(venv);
  const p = venvPaths(venv);
  for (;;) {
    if (isCurrent(p, hash)) return p;
    const lock = await acquireLock(venv.name, p.lock);
    if (!lock) continue; // someone else built it meanwhile; re-check
    try {
      if (!isCurrent(p, hash)) await buildVenv(venv, requirePython(), hash, p);
    } finally {
      lock.release();
    }
  }
}

async function buildVenv(venv, python, hash, p) {
  const t0 = Date.now();
  const reason = fs.existsSync(venv.dir) ? 'it is out of date or an earlier install did not finish' : 'it does not exist yet';
  progress(`${venv.name}: creating ${path.relative(REPO_ROOT, venv.dir)} with Python ${python.version} because ${reason} (log: ${p.log})`);
  fs.rmSync(venv.dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(p.log), { recursive: true });
  const log = fs.openSync(p.log, 'w');
  try {
    await run(python.executable, ['-m', 'venv', venv.dir], log, `${venv.name}: still creating the venv`);
    const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off',
      '--cache-dir', pipCacheDir(), '-r', venv.requirements];
    const onLine = (line) => PIP_PROGRESS.test(line) && progress(`${venv.name}: ${line.replace(/ \(from .*\)$/, '').slice(0, 160)}`);
    await run(p.python, pip, log, `${venv.name}: still installing`, onLine);
  } catch (err) {
    throw new Error(`${venv.name} venv: ${err.message}\nLast lines of ${p.log}:\n${tailFile(p.log, 30)}`);
  } finally {
    fs.closeSync(log);
  }
  const stamp = { fingerprint: hash, python: python.executable, pythonVersion: python.version, createdAt: new Date().toISOString() };
  fs.writeFileSync(p.stamp, `${JSON.stringify(stamp, null, 2)}\n`);
  progress(`${venv.name}: ready in ${seconds(Date.now() - t0)}`);
}

/** Runs a command, copying its output to the log fd and each output line to `onLine`. */
async function run(cmd, args, logFd, heartbeat, onLine = () => {}) {
  fs.writeSync(logFd, `$ ${cmd} ${args.join(' ')}\n`);
  const t0 = Date.now();
  const timer = setInterval(() => progress(`${heartbeat} (${seconds(Date.now() - t0)})`), HEARTBEAT_MS);
  try {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let partial = '';
    const onData = (chunk) => {
      fs.writeSync(logFd, chunk);
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop();
      for (const line of lines) onLine(line.trim());
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const [code, signal] = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, s) => resolve([c, s]));
    });
    if (code !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` exited with ${code ?? signal}`);
  } finally {
    clearInterval(timer);
  }
}

function tailFile(file, n) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Takes a lock (atomic mkdir). Returns `{release}`, or null after waiting for another holder. */
async function acquireLock(name, lockDir) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const owner = path.join(lockDir, 'owner.json');
  try {
    fs.mkdirSync(lockDir);
  } catch (err) {
    if (err.code !== 'EEXIST') throw err;
    if (lockIsStale(owner)) {
      fs.rmSync(lockDir, { recursive: true, force: true });
      return acquireLock(name, lockDir);
    }
    progress(`${name}: another process is creating the venv; waiting (lock: ${lockDir})`);
    const t0 = Date.now();
    let lastNote = t0;
    while (fs.existsSync(lockDir) && !lockIsStale(owner)) {
      await sleep(500);
      if (Date.now() - lastNote >= HEARTBEAT_MS) {
        lastNote = Date.now();
        progress(`${name}: still waiting for the other process (${seconds(lastNote - t0)})`);
      }
    }
    return null;
  }
  fs.writeFileSync(owner, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
  return { release: () => fs.rmSync(lockDir, { recursive: true, force: true }) };
}

function lockIsStale(ownerFile) {
  try {
    const { pid, host } = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
    if (host !== os.hostname()) return false; // cannot check another host's process; trust it
    process.kill(pid, 0);
    return false;
  } catch (err) {
    if (err.code === 'EPERM') return false; // alive, owned by someone else
    if (err.code === 'ESRCH') return true;
    // owner.json not written yet or unreadable: give its creator a moment
    const age = Date.now() - (fs.statSync(path.dirname(ownerFile), { throwIfNoEntry: false })?.mtimeMs ?? 0);
    return age > 10_000;
  }
}

/**
 * Environment variables that point dtool-s3 at an S3 endpoint for one bucket, the way a dtool
 * user configures it (`DTOOL_S3_ENDPOINT_<bucket>` etc.). `prefix` sets
 * `DTOOL_S3_DATASET_PREFIX_<bucket>`, the key prefix new datasets are written under.
 * @param {string} bucket
 * @param {{ endpoint: string, accessKeyId: string, secretAccessKey: string }} s3
 * @param {{ prefix?: string }} [options]
 * @returns {Record<string, string>}
 */
export function dtoolS3Environment(bucket, s3, options = {}) {
  const env = {
    [`DTOOL_S3_ENDPOINT_${bucket}`]: s3.endpoint,
    [`DTOOL_S3_ACCESS_KEY_ID_${bucket}`]: s3.accessKeyId,
    [`DTOOL_S3_SECRET_ACCESS_KEY_${bucket}`]: s3.secretAccessKey,
  };
  if (options.prefix !== undefined) env[`DTOOL_S3_DATASET_PREFIX_${bucket}`] = options.prefix;
  return env;
}

// ---------------------------------------------------------------------------
// CLI

const USAGE = `usage:
  node scripts/python-tools.mjs install [main|legacy|all]   create or reuse the pinned venv(s) (default: all)
  node scripts/python-tools.mjs paths                       print venv and cache locations`;

async function main(argv) {
  const [cmd, which = 'all'] = argv;
  if (cmd === 'install') {
    if (!['main', 'legacy', 'all'].includes(which)) throw new Error(`unknown venv ${which}\n${USAGE}`);
    // One after the other: two pip runs at once would compete for the same 2 cores and cache.
    if (which !== 'legacy') progress(`main: ${JSON.stringify(await ensurePythonTools())}`);
    if (which !== 'main') progress(`legacy: ${JSON.stringify(await ensureLegacyPythonTools())}`);
  } else if (cmd === 'paths') {
    const venvs = Object.fromEntries(Object.values(VENVS).map((v) => [v.name, { ...v, ...venvPaths(v) }]));
    process.stdout.write(`${JSON.stringify({ venvs, pipCache: pipCacheDir(), oracle: ORACLE_SCRIPT }, null, 2)}\n`);
  } else {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`[python-tools] error: ${err.message}\n`);
    process.exit(1);
  });
}

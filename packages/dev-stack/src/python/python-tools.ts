// Provisions the Python side of the dtool interop tests: pinned virtual environments with the
// real dtool CLI (producer) and the dserver / dtool-lookup-server reference code (oracle).
// Created on first use, reused while the pinned requirements are unchanged and its Python exists.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaSync } from 'execa';
import { withLock } from '../lock/with-lock.js';
import { runLogged } from '../process/run-logged.js';
import { createProgress, formatElapsed, type Progress } from '../progress/progress.js';
import { cacheRoot, REPO_ROOT } from '../servers/tools.js';

const PYTHON_DIR = fileURLToPath(new URL('../../python/', import.meta.url));
const TOOLS_DIR = path.join(REPO_ROOT, '.tools');
/** The pinned packages need Python >= 3.11 (pymongo 4.20, SQLAlchemy 2.1, dnspython 2.9). */
const MIN_PYTHON = [3, 11] as const;
const RECIPE_VERSION = 1; // bump when the way a venv is built changes
const PIP_PROGRESS = /^(Collecting|Building wheel|Installing collected|Successfully)/;

/** Helper printing the document the Python reference would store (see its docstring). */
export const ORACLE_SCRIPT = path.join(PYTHON_DIR, 'dtool-oracle.py');

/** The virtual environments: `main` (dtool CLI + dservercore) and `legacy` (dtool-lookup-server 0.17.2). */
export type VenvName = 'main' | 'legacy';

interface Venv {
  readonly name: VenvName;
  readonly dir: string;
  readonly requirements: string;
}

const VENVS: Readonly<Record<VenvName, Venv>> = {
  main: { name: 'main', dir: path.join(TOOLS_DIR, 'venv'), requirements: path.join(PYTHON_DIR, 'requirements.txt') },
  legacy: { name: 'legacy', dir: path.join(TOOLS_DIR, 'venv-legacy'), requirements: path.join(PYTHON_DIR, 'requirements-legacy.txt') },
};

/** Paths of a ready virtual environment. */
export interface PythonTools {
  readonly python: string;
  readonly dtool: string;
  readonly venv: string;
}

/** Where pip caches downloads and built wheels, shared by every checkout on the machine. */
function pipCacheDir(): string {
  return path.join(cacheRoot(), 'pip');
}

/**
 * The base interpreter: `$DTOOL_NOTIFY_PYTHON` or `python3` on PATH, checked for version and for
 * the venv module. Throws an error that says what to install.
 */
function requirePython(): { executable: string; version: string } {
  const command = process.env['DTOOL_NOTIFY_PYTHON'] ?? 'python3';
  const want = MIN_PYTHON.join('.');
  const howTo =
    `Install Python >= ${want} with its venv module (Debian/Ubuntu: \`apt-get install python3 python3-venv\`, ` +
    `on releases whose python3 is older use pyenv or python.org), or point DTOOL_NOTIFY_PYTHON at such an interpreter.`;
  const probe = 'import sys, json, ensurepip, venv; print(json.dumps({"version": list(sys.version_info[:3]), "executable": sys.executable}))';
  const result = execaSync(command, ['-c', probe], { reject: false });
  if (result.code === 'ENOENT') {
    throw new Error(`\`${command}\` was not found; the dtool interop tests need it to run the real dtool tools. ${howTo}`);
  }
  if (result.exitCode !== 0) {
    const missingVenv = /No module named '?(ensurepip|venv)/.test(result.stderr);
    throw new Error(`\`${command}\` ${missingVenv ? 'has no venv/ensurepip module' : `failed: ${(result.stderr || result.stdout).trim()}`}. ${howTo}`);
  }
  const { version, executable } = JSON.parse(result.stdout) as { version: [number, number, number]; executable: string };
  const [major, minor] = version;
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1])) {
    throw new Error(`\`${command}\` is Python ${version.join('.')} (${executable}); Python >= ${want} is needed. ${howTo}`);
  }
  return { executable, version: version.join('.') };
}

function venvPaths(venv: Venv): PythonTools & { stamp: string; log: string } {
  return {
    venv: venv.dir,
    python: path.join(venv.dir, 'bin', 'python'),
    dtool: path.join(venv.dir, 'bin', 'dtool'),
    stamp: path.join(venv.dir, '.dtool-notify-stamp.json'),
    log: path.join(cacheRoot(), 'logs', `python-${venv.name}.log`),
  };
}

/**
 * Hash of what a venv is built from: the pinned requirements and the recipe. Not the base
 * Python: a venv keeps working with the interpreter it was made from, whatever `python3` is on
 * PATH today; if that interpreter goes away, bin/python dangles and the venv is rebuilt.
 */
function fingerprint(venv: Venv): string {
  return crypto.createHash('sha256').update(fs.readFileSync(venv.requirements)).update(`\0${RECIPE_VERSION}`).digest('hex');
}

function isCurrent(paths: ReturnType<typeof venvPaths>, hash: string): boolean {
  try {
    // existsSync follows the bin/python symlink: false once the base interpreter is gone.
    return (JSON.parse(fs.readFileSync(paths.stamp, 'utf8')) as { fingerprint?: string }).fingerprint === hash && fs.existsSync(paths.python);
  } catch {
    return false;
  }
}

/** Ensures a venv exists and matches its pinned requirements; returns its paths. */
export async function ensurePythonTools(name: VenvName = 'main'): Promise<PythonTools> {
  const venv = VENVS[name];
  const hash = fingerprint(venv);
  const paths = venvPaths(venv);
  const ready = (): boolean => isCurrent(paths, hash);
  if (!ready()) {
    const progress = createProgress(`python ${name}`);
    await withLock(venv.dir, progress, ready, () => buildVenv(venv, hash, paths, progress));
  }
  return { python: paths.python, dtool: paths.dtool, venv: paths.venv };
}

async function buildVenv(venv: Venv, hash: string, paths: ReturnType<typeof venvPaths>, progress: Progress): Promise<void> {
  const python = requirePython();
  const started = Date.now();
  const reason = fs.existsSync(venv.dir) ? 'it is out of date or an earlier install did not finish' : 'it does not exist yet';
  progress(`creating ${path.relative(REPO_ROOT, venv.dir)} with Python ${python.version} because ${reason} (log: ${paths.log})`);
  fs.rmSync(venv.dir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(paths.log), { recursive: true });
  fs.writeFileSync(paths.log, '');
  await progress.withHeartbeat('still creating the venv', () => runLogged(python.executable, ['-m', 'venv', venv.dir], paths.log));
  const pip = ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', '--cache-dir', pipCacheDir(), '-r', venv.requirements];
  const onLine = (line: string): void => {
    if (PIP_PROGRESS.test(line)) progress(line.replace(/ \(from .*\)$/, '').slice(0, 160));
  };
  await progress.withHeartbeat('still installing', () => runLogged(paths.python, pip, paths.log, { onLine }));
  const stamp = { fingerprint: hash, python: python.executable, pythonVersion: python.version, createdAt: new Date().toISOString() };
  fs.writeFileSync(paths.stamp, `${JSON.stringify(stamp, null, 2)}\n`);
  progress(`ready in ${formatElapsed(Date.now() - started)}`);
}

/**
 * Environment variables that point dtool-s3 at an S3 endpoint for one bucket, the way a dtool
 * user configures it (`DTOOL_S3_ENDPOINT_<bucket>` etc.). `prefix` sets
 * `DTOOL_S3_DATASET_PREFIX_<bucket>`, the key prefix new datasets are written under.
 */
export function dtoolS3Environment(
  bucket: string,
  s3: { readonly endpoint: string; readonly accessKeyId: string; readonly secretAccessKey: string },
  options: { readonly prefix?: string } = {},
): Record<string, string> {
  return {
    [`DTOOL_S3_ENDPOINT_${bucket}`]: s3.endpoint,
    [`DTOOL_S3_ACCESS_KEY_ID_${bucket}`]: s3.accessKeyId,
    [`DTOOL_S3_SECRET_ACCESS_KEY_${bucket}`]: s3.secretAccessKey,
    ...(options.prefix === undefined ? {} : { [`DTOOL_S3_DATASET_PREFIX_${bucket}`]: options.prefix }),
  };
}

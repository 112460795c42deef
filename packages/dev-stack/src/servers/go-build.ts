// Builds a pinned tool from source with the local Go toolchain (no binary downloads).

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { findOnPath } from './find-on-path.mjs';
import { formatElapsed, progress, withHeartbeat } from './progress.mjs';
import { cacheRoot } from './tools.mjs';
import { verifyBinary } from './verify-binary.mjs';

const MIN_GO = [1, 24];

/** Builds a tool into a scratch GOBIN next to the cache, then moves the binary into place and verifies it. */
export async function buildTool(tool, p) {
  const go = requireGo();
  const scratch = path.join(cacheRoot(), `.build-${tool.name}-${process.pid}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(path.join(scratch, 'bin'), { recursive: true });
  fs.mkdirSync(path.dirname(p.log), { recursive: true });
  fs.mkdirSync(p.dir, { recursive: true });
  const log = fs.openSync(p.log, 'w');
  const env = {
    ...process.env,
    CGO_ENABLED: '0',
    GOBIN: path.join(scratch, 'bin'),
    GOFLAGS: `${process.env.GOFLAGS ?? ''} -buildvcs=false`.trim(),
  };
  const t0 = Date.now();
  progress(`${tool.name}: building ${tool.module}@${tool.version} with ${go} (takes minutes; log: ${p.log})`);
  try {
    await withHeartbeat(`${tool.name}: still building`, async () => {
      if (tool.recipe === 'module-copy') {
        await buildFromModuleCopy(go, tool, scratch, env, log);
      } else {
        await runLogged(go, ['install', '-trimpath', `${tool.module}@${tool.version}`], { cwd: scratch, env }, log);
      }
    });
    fs.renameSync(path.join(scratch, 'bin', tool.binary), p.binary);
    fs.appendFileSync(p.log, 'done 0\n');
  } catch (err) {
    fs.appendFileSync(p.log, 'done 1\n');
    throw new Error(`${tool.name}: build failed: ${err.message}\nLast lines of ${p.log}:\n${tailFile(p.log, 30)}`);
  } finally {
    fs.closeSync(log);
    removeTree(scratch);
  }
  if (!verifyBinary(p)) throw new Error(`${tool.name}: freshly built ${p.binary} does not run; see ${p.log}`);
  progress(`${tool.name}: built in ${formatElapsed(Date.now() - t0)} -> ${p.binary}`);
}

/** Absolute path of a `go` ≥ 1.24, or throws with instructions. */
function requireGo() {
  const go = findOnPath('go');
  const howTo =
    'Install Go >= 1.24: `apt-get install golang-go` where the distribution ships >= 1.24 (Debian 13 trixie; ' +
    'Debian 12 ships 1.19), or the official tarball from https://go.dev/dl/ ' +
    '(`tar -C /usr/local -xzf go1.*.linux-amd64.tar.gz`, then add /usr/local/go/bin to PATH).';
  if (!go) throw new Error(`\`go\` was not found on PATH; it is needed to build MinIO and FerretDB. ${howTo}`);
  const res = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' });
  const m = /go(\d+)\.(\d+)/.exec(res.stdout ?? '');
  if (!m) throw new Error(`could not determine the Go version (${go} env GOVERSION: ${res.stdout || res.stderr}). ${howTo}`);
  const [major, minor] = [Number(m[1]), Number(m[2])];
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    throw new Error(`Go ${m[0]} at ${go} is too old; Go >= ${MIN_GO.join('.')} is needed. ${howTo}`);
  }
  return go;
}

// The FerretDB workaround (see TOOLS.ferretdb): build from a writable copy with version.txt written.
async function buildFromModuleCopy(go, tool, scratch, env, log) {
  const dl = spawnSync(go, ['mod', 'download', '-json', `${tool.module}@${tool.version}`], { cwd: scratch, env, encoding: 'utf8' });
  if (dl.status !== 0) throw new Error(`go mod download failed: ${dl.stderr || dl.stdout}`);
  const { Dir: moduleDir } = JSON.parse(dl.stdout);
  const src = path.join(scratch, 'src');
  fs.cpSync(moduleDir, src, { recursive: true });
  makeWritable(src); // the module cache is read-only and cpSync keeps the modes
  fs.writeFileSync(path.join(src, 'build', 'version', 'version.txt'), `${tool.version}\n`);
  await runLogged(go, ['install', '-trimpath', tool.pkg], { cwd: src, env }, log);
}

function makeWritable(dir) {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else fs.chmodSync(full, 0o644);
  }
}

function removeTree(dir) {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    makeWritable(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runLogged(cmd, args, options, logFd) {
  fs.writeSync(logFd, `$ ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, { ...options, stdio: ['ignore', logFd, logFd] });
  const [code, signal] = await once(child, 'exit');
  if (code !== 0) throw new Error(`\`${cmd} ${args.join(' ')}\` exited with ${code ?? signal}`);
}

function tailFile(file, n) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-n).join('\n');
  } catch {
    return '(no log)';
  }
}

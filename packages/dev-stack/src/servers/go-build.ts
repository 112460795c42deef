// Builds a pinned tool from source with the local Go toolchain (no binary downloads).
import fs from 'node:fs';
import path from 'node:path';
import { execaSync } from 'execa';
import { formatElapsed, type Progress } from '../progress/progress.js';
import { runLogged } from '../process/run-logged.js';
import { findOnPath } from './find-on-path.js';
import { cacheRoot, type Tool, type ToolPaths } from './tools.js';
import { verifyBinary } from './verify-binary.js';

const MIN_GO = [1, 24] as const;

/** Builds a tool into a scratch GOBIN next to the cache, then moves the binary into place and verifies it. */
export async function buildTool(tool: Tool, paths: ToolPaths, progress: Progress): Promise<void> {
  const go = requireGo();
  const scratch = path.join(cacheRoot(), `.build-${tool.name}-${process.pid}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.mkdirSync(path.join(scratch, 'bin'), { recursive: true });
  fs.mkdirSync(path.dirname(paths.log), { recursive: true });
  fs.mkdirSync(paths.dir, { recursive: true });
  fs.writeFileSync(paths.log, '');
  const env = {
    CGO_ENABLED: '0',
    GOBIN: path.join(scratch, 'bin'),
    GOFLAGS: `${process.env['GOFLAGS'] ?? ''} -buildvcs=false`.trim(),
  };
  const started = Date.now();
  progress(`building ${tool.module}@${tool.version} with ${go} (takes minutes; log: ${paths.log})`);
  try {
    await progress.withHeartbeat('still building', async () => {
      if (tool.recipe === 'module-copy') await buildFromModuleCopy(go, tool, scratch, env, paths.log);
      else await runLogged(go, ['install', '-trimpath', `${tool.module}@${tool.version}`], paths.log, { cwd: scratch, env });
    });
    fs.renameSync(path.join(scratch, 'bin', tool.binary), paths.binary);
    fs.appendFileSync(paths.log, 'done 0\n');
  } catch (error) {
    fs.appendFileSync(paths.log, 'done 1\n');
    throw new Error(`${tool.name}: build failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    removeTree(scratch);
  }
  if (!verifyBinary(paths, progress)) throw new Error(`${tool.name}: freshly built ${paths.binary} does not run; see ${paths.log}`);
  progress(`built in ${formatElapsed(Date.now() - started)} -> ${paths.binary}`);
}

/** Absolute path of a `go` ≥ 1.24, or throws with instructions. */
function requireGo(): string {
  const go = findOnPath('go');
  const howTo =
    'Install Go >= 1.24: `apt-get install golang-go` where the distribution ships >= 1.24 (Debian 13 trixie; ' +
    'Debian 12 ships 1.19), or the official tarball from https://go.dev/dl/ ' +
    '(`tar -C /usr/local -xzf go1.*.linux-amd64.tar.gz`, then add /usr/local/go/bin to PATH).';
  if (go === undefined) throw new Error(`\`go\` was not found on PATH; it is needed to build MinIO and FerretDB. ${howTo}`);
  const result = execaSync(go, ['env', 'GOVERSION'], { reject: false });
  const match = /go(\d+)\.(\d+)/.exec(result.stdout);
  if (match === null) throw new Error(`could not determine the Go version (${go} env GOVERSION: ${result.stdout || result.stderr}). ${howTo}`);
  const [major, minor] = [Number(match[1]), Number(match[2])];
  if (major < MIN_GO[0] || (major === MIN_GO[0] && minor < MIN_GO[1])) {
    throw new Error(`Go ${match[0]} at ${go} is too old; Go >= ${MIN_GO.join('.')} is needed. ${howTo}`);
  }
  return go;
}

// The FerretDB workaround (see TOOLS.ferretdb): build from a writable copy with version.txt written.
async function buildFromModuleCopy(go: string, tool: Tool, scratch: string, env: Readonly<Record<string, string>>, log: string): Promise<void> {
  const download = execaSync(go, ['mod', 'download', '-json', `${tool.module}@${tool.version}`], { cwd: scratch, env, reject: false });
  if (download.exitCode !== 0) throw new Error(`go mod download failed: ${download.stderr || download.stdout}`);
  const { Dir: moduleDir } = JSON.parse(download.stdout) as { Dir: string };
  const source = path.join(scratch, 'src');
  fs.cpSync(moduleDir, source, { recursive: true });
  makeWritable(source); // the module cache is read-only and cpSync keeps the modes
  fs.writeFileSync(path.join(source, 'build', 'version', 'version.txt'), `${tool.version}\n`);
  await runLogged(go, ['install', '-trimpath', tool.pkg ?? '.'], log, { cwd: source, env });
}

function makeWritable(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) makeWritable(full);
    else fs.chmodSync(full, 0o644);
  }
}

function removeTree(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    makeWritable(dir);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

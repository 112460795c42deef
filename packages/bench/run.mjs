#!/usr/bin/env node
// `npm run bench -- [--quick] [--json <path>] ...`: compiles the benchmark of packages/app/bench
// (after `turbo run build`, which the npm script runs first) and runs it. See --help.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const app = path.join(root, 'packages', 'app');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(app, 'tsconfig.bench.json')], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
// The uploader's S3 client would warn, once, that the SDK's next versions need Node 22.
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const run = spawnSync(process.execPath, [path.join(app, 'dist', 'bench', 'run-bench.js'), ...process.argv.slice(2)], { stdio: 'inherit', env });
process.exit(run.status ?? 1);

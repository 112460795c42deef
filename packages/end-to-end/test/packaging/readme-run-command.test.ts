import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '@dtool-notify/dev-stack';
import { mustRun, readmeCommands, shell } from './shell.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const BUILD = 'npm ci && npm run build';
const RUN = 'npx dtool-notify serve';

// A fresh clone, npm ci and a build (from the turbo cache): about a minute on a small machine.
describe('the README run command, in a fresh clone', { timeout: 300_000 }, () => {
  test('runs this checkout’s dtool-notify, never a registry package of that name', async () => {
    const commands = readmeCommands(README);
    expect(commands).toContain(BUILD);
    expect(commands).toContain(RUN);
    const clone = join(mkdtempSync(join(tmpdir(), 'dtool-notify-clone-')), 'dtool-notify');
    await mustRun(`git clone --quiet ${REPO_ROOT} ${clone}`, tmpdir());
    // The workspace's turbo cache (already filled by this run's build) spares the clone's build
    // the compiling: the clone is the same commit, so its packages hash the same.
    const gitCommonDir = resolve(REPO_ROOT, (await mustRun('git rev-parse --git-common-dir', REPO_ROOT)).stdout);
    await mustRun(BUILD, clone, { TURBO_CACHE_DIR: join(dirname(gitCommonDir), '.turbo', 'cache') });
    // Offline: were the bin not linked, npx would have to ask the registry, and fail here.
    const version = await shell('npx dtool-notify --version', clone, { npm_config_offline: 'true' });
    expect(version).toMatchObject({ exitCode: 0, stdout: '0.1.0' });
    // Unconfigured, the service refuses to start with its own one message (and connects nowhere).
    const serve = await shell(RUN, clone, { npm_config_offline: 'true' });
    expect(serve.exitCode).toBe(2);
    expect(serve.stderr).toContain('dtool-notify cannot start; fix these settings:');
    expect(serve.stderr).toContain('DSERVER_NOTIFY_BUCKET_TO_BASE_URI is not set');
  });
});

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '@dtool-notify/dev-stack';
import { mustRun, readmeCommands, shell } from './shell.js';

const README = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
const PACK = readmeCommands(README).find((line) => line.startsWith('mkdir -p packed && npm pack '));
const INSTALL = 'npm install --omit=dev ./dtool-notify-*.tgz';
const TSC = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

/** Packs workspace packages into a fresh directory; returns it. */
async function pack(workspaces: readonly string[]): Promise<string> {
  const directory = mkdtempSync(join(tmpdir(), 'dtool-notify-packed-'));
  await mustRun(`npm pack --pack-destination ${directory} ${workspaces.map((name) => `-w @dtool-notify/${name}`).join(' ')}`, REPO_ROOT);
  return directory;
}

/** An empty project outside the workspace, with `files` written into it. */
function emptyProject(files: Readonly<Record<string, string>> = {}): string {
  const directory = mkdtempSync(join(tmpdir(), 'dtool-notify-consumer-'));
  writeFileSync(join(directory, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
  for (const [path, text] of Object.entries(files)) writeFileSync(join(directory, path), text);
  return directory;
}

// npm pack and npm install of the packed packages (from the local npm cache): a minute or so.
describe('the packed packages, installed outside the workspace', { timeout: 300_000 }, () => {
  test('an operator installs the service from the README’s tarballs and runs it', async () => {
    expect(PACK).toBeDefined();
    expect(readmeCommands(README)).toContain(INSTALL);
    await mustRun(PACK as string, REPO_ROOT);
    const server = emptyProject();
    const packed = join(REPO_ROOT, 'packed');
    for (const tarball of readdirSync(packed)) writeFileSync(join(server, tarball), readFileSync(join(packed, tarball)));
    await mustRun(INSTALL, server);
    expect(readdirSync(join(server, 'node_modules', '@dtool-notify')).sort()).toEqual(['adapter-dserver', 'adapter-kafka', 'adapter-koa', 'adapter-mongo', 'adapter-s3', 'app', 'domain', 'observability']);
    expect(await shell('npx dtool-notify --version', server, { npm_config_offline: 'true' })).toMatchObject({ exitCode: 0, stdout: '0.1.0' });
    const serve = await shell('npx dtool-notify serve', server, { npm_config_offline: 'true', DSERVER_NOTIFY_ALLOW_ACCESS_FROM: '::ffff:10.0.0.0/8' });
    expect(serve.exitCode).toBe(2);
    expect(serve.stderr).toContain('dtool-notify cannot start; fix these settings:');
  });

  test('a library user imports domain, testkit, each adapter and observability as ESM and type-checks against them', async () => {
    const packed = await pack(['domain', 'testkit', 'adapter-dserver', 'adapter-kafka', 'adapter-koa', 'adapter-mongo', 'adapter-s3', 'observability']);
    const consumer = emptyProject({
      'tsconfig.json': JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: false, types: ['node'] },
        include: ['consumer.ts'],
      }),
      'consumer.ts': [
        "import { classifyObjectKey, createSynchronizer, parseWebhookBody, type SyncOutcome } from '@dtool-notify/domain';",
        "import { buildDataset, createInMemoryDatasetIndex, createInMemoryManifestReader, createInMemoryObjectStore } from '@dtool-notify/testkit';",
        "import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';",
        "import { createDserverDatasetIndex, readDserverSettings } from '@dtool-notify/adapter-dserver';",
        "import { parseKafkaSettings } from '@dtool-notify/adapter-kafka';",
        "import { createNotifyServer, parseNetworkList } from '@dtool-notify/adapter-koa';",
        "import { createMongoDatasetIndex } from '@dtool-notify/adapter-mongo';",
        "import { createS3ManifestReader } from '@dtool-notify/adapter-s3';",
        "import { createObservability } from '@dtool-notify/observability';",
        '',
        "const parsed = parseWebhookBody({ contentType: 'application/json', body: '{}' });",
        'const kind: string = parsed.kind;',
        "const synchronizer = createSynchronizer({ index: createInMemoryDatasetIndex(), reader: createInMemoryManifestReader(createInMemoryObjectStore()) });",
        "const outcome: Promise<SyncOutcome> = synchronizer.syncDataset({ bucket: 'b', baseUri: 's3://b', uuid: buildDataset({ bucket: 'b' }).uuid });",
        "const networks = parseNetworkList('10.0.0.0/8', 'X');",
        "const dserver = readDserverSettings({ DSERVER_URL: 'https://dserver.example.org' });",
        '// @ts-expect-error: the types are real, so a wrong argument is an error',
        'classifyObjectKey(42);',
        'export const used = [kind, outcome, networks, dserver, createDserverDatasetIndex, parseKafkaSettings, createNotifyServer, createMongoDatasetIndex, createS3ManifestReader, createS3DatasetStorage, createObservability];',
        '',
      ].join('\n'),
    });
    mkdirSync(join(consumer, 'node_modules'), { recursive: true });
    await mustRun(`npm install ${packed}/*.tgz @types/node@20.19.43`, consumer);
    for (const [name, exported] of [
      ['@dtool-notify/domain', 'parseWebhookBody'],
      ['@dtool-notify/testkit', 'buildDataset'],
      ['@dtool-notify/testkit/s3', 'createS3DatasetStorage'],
      ['@dtool-notify/adapter-dserver', 'createDserverDatasetIndex'],
      ['@dtool-notify/adapter-kafka', 'createKafkaNotificationConsumer'],
      ['@dtool-notify/adapter-koa', 'createNotifyServer'],
      ['@dtool-notify/adapter-mongo', 'createMongoDatasetIndex'],
      ['@dtool-notify/adapter-s3', 'createS3ManifestReader'],
      ['@dtool-notify/observability', 'createObservability'],
    ] as const) {
      const imported = await shell(`node --input-type=module -e "const m = await import('${name}'); console.log(typeof m.${exported})"`, consumer);
      expect(imported, name).toMatchObject({ exitCode: 0, stdout: 'function' });
    }
    const typeCheck = await shell(`node ${TSC} -p tsconfig.json`, consumer);
    expect(typeCheck.stdout + typeCheck.stderr).toBe('');
    expect(typeCheck.exitCode).toBe(0);
  });
});

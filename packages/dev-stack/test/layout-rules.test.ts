import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { REPO_ROOT } from '../src/index.js';

const DEPCRUISE = join(REPO_ROOT, 'node_modules', '.bin', 'depcruise');
const CONFIG = join(REPO_ROOT, '.dependency-cruiser.cjs');

/** A small workspace with the given files, checked by the repo's own layout rules. */
async function cruise(files: Readonly<Record<string, string>>): Promise<{ exitCode: number | undefined; output: string }> {
  const root = mkdtempSync(join(tmpdir(), 'layout-rules-'));
  const all = {
    'tsconfig.source-paths.json': '{ "compilerOptions": { "paths": {} } }',
    'packages/domain/src/index.ts': 'export const pure = 1;\n',
    'packages/adapter-s3/src/index.ts': "import { pure } from '../../domain/src/index.js';\nexport const s3 = pure;\n",
    'packages/adapter-mongo/src/index.ts': 'export const mongo = 1;\n',
    'packages/testkit/src/index.ts': 'export const fake = 1;\n',
    'packages/dev-stack/src/index.ts': 'export const servers = 1;\n',
    'packages/app/src/index.ts': "import { s3 } from '../../adapter-s3/src/index.js';\nexport const app = s3;\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const result = await execa(DEPCRUISE, ['packages', '--config', CONFIG], { cwd: root, reject: false, all: true });
  return { exitCode: result.exitCode, output: result.all };
}

// Each run of dependency-cruiser takes seconds on a small machine: one clean run, one with every breach.
describe('the layout rules (dependency-cruiser, run by npm test)', { timeout: 60_000 }, () => {
  test('pass a workspace that keeps them', async () => {
    expect(await cruise({})).toMatchObject({ exitCode: 0 });
  });

  test('fail, naming each rule, when a workspace breaks them', async () => {
    const result = await cruise({
      // the domain imports an adapter, and a Node built-in
      'packages/domain/src/leak.ts': "import { s3 } from '../../adapter-s3/src/index.js';\nexport const x = s3;\n",
      'packages/domain/src/io.ts': "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      // an adapter imports another adapter
      'packages/adapter-s3/src/leak.ts': "import { mongo } from '../../adapter-mongo/src/index.js';\nexport const x = mongo;\n",
      // production code imports testkit, and dev tooling
      'packages/app/src/fake.ts': "import { fake } from '../../testkit/src/index.js';\nexport const x = fake;\n",
      'packages/app/src/tooling.ts': "import { servers } from '../../dev-stack/src/index.js';\nexport const x = servers;\n",
      // a package reaches into another one's files
      'packages/adapter-mongo/src/deep.ts': "import { helper } from '../../domain/src/helper.js';\nexport const x = helper;\n",
      'packages/domain/src/helper.ts': 'export const helper = 1;\n',
    });
    expect(result.exitCode).not.toBe(0);
    for (const rule of [
      'domain-imports-nothing-outward',
      'adapters-never-import-each-other-or-the-app',
      'production-code-never-imports-testkit',
      'shipped-packages-never-import-dev-tooling',
      'packages-meet-through-their-index',
    ]) {
      expect(result.output).toContain(rule);
    }
    expect(result.output).toMatch(/domain-imports-nothing-outward: packages\/domain\/src\/io\.ts → (node:)?fs/);
  });
});

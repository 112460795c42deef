import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI as cli } from './product-stack.js';
import { buildDataset, datasetKeys, readmeObject, writeDataset } from '@dtool-notify/testkit';
import { createS3DatasetStorage } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStack } from './product-stack.js';

describe('dtool-notify sync: recovering an index that missed notifications', () => {
  let stack: LocalStack;
  const sync = async (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [cli, 'sync', ...args], {
        env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...stack.serviceEnv },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  };

  beforeAll(async () => {
    // No notifications at all: everything the index learns comes from sync.
    stack = await startLocalStack({ bucket: 'sync-cli', webhook: false });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  test('indexes every registered dataset, changes nothing the second time, then prunes what is gone', async () => {
    const storage = createS3DatasetStorage(stack.s3Client, stack.bucket);
    const datasets = [
      buildDataset({ bucket: stack.bucket, prefix: '', items: 2 }),
      buildDataset({ bucket: stack.bucket, prefix: 'u/alice/', items: 3, tags: ['t'] }),
      buildDataset({ bucket: stack.bucket, prefix: 'u/bob/', items: 1, annotations: { a: 1 } }),
    ];
    for (const dataset of datasets) await writeDataset(storage, dataset);
    const unfrozen = buildDataset({ bucket: stack.bucket, frozen: false });
    await writeDataset(storage, unfrozen);

    const first = await sync(stack.bucket, '--json');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ counts: { added: 3, updated: 0, unchanged: 0, removed: 0, 'not-a-dataset': 1, failed: 0 } });
    expect(await stack.service.index.listUris(stack.baseUri)).toHaveLength(3);

    const second = await sync(stack.baseUri);
    expect(second.stdout.trim()).toBe(
      `sync ${stack.baseUri}: 0 added, 0 updated, 3 unchanged, 0 removed, 1 not datasets, 0 failed (done)`,
    );

    const [gone, changed] = datasets;
    for (const key of datasetKeys(gone!)) await storage.delete(key);
    await storage.put(readmeObject(changed!, 'changed: true\n'));
    const dryRun = await sync(stack.bucket, '--prune', '--dry-run');
    expect(dryRun.stdout).toContain(`would remove ${stack.baseUri}/${gone!.uuid}`);
    expect(dryRun.stdout).toContain(`would update ${stack.baseUri}/${changed!.uuid}`);
    expect(dryRun.stdout).toMatch(/1 updated, 1 unchanged, 1 removed, 1 not datasets, 0 failed \(dry run, nothing written\)/);
    expect(await stack.service.index.listUris(stack.baseUri)).toHaveLength(3);

    expect((await sync(stack.bucket, '--prune')).code).toBe(0);
    expect(await stack.service.index.listUris(stack.baseUri)).toHaveLength(2);
    expect((await stack.service.index.findByUri(`${stack.baseUri}/${changed!.uuid}`))?.readme).toBe('changed: true\n');
    const clean = JSON.parse((await sync(stack.bucket, '--prune', '--dry-run', '--json')).stdout);
    expect(clean.counts).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(clean.changes).toEqual([{ uri: `${stack.baseUri}/${unfrozen.uuid}`, change: 'not-a-dataset', reason: 'protodataset: not frozen yet' }]);
  });

  test('names the configured buckets when given one it does not know', async () => {
    const result = await sync('s3://elsewhere');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('"s3://elsewhere" is neither a configured bucket nor its base URI (configured: sync-cli)');
  });
});

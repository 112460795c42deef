import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ReconcileReport } from '@dtool-notify/domain';
import { cliEnvironment, requireBuiltCli } from './service-process.js';

const run = promisify(execFile);

/** What `dtool-notify sync --json` prints. */
export type SyncReport = ReconcileReport & { readonly baseUri: string };

/**
 * Runs `dtool-notify sync <bucket> --prune --dry-run --json` as a child process with the
 * service's environment: the differences between the bucket and the index, written nowhere.
 */
export async function syncDryRun(serviceEnv: Readonly<Record<string, string>>, bucket: string): Promise<SyncReport> {
  let stdout: string;
  try {
    ({ stdout } = await run(process.execPath, [requireBuiltCli(), 'sync', bucket, '--prune', '--dry-run', '--json'], {
      env: cliEnvironment(serviceEnv),
      timeout: 60_000,
      maxBuffer: 16 * 1024 * 1024,
    }));
  } catch (error) {
    // Exit code 1 means some dataset failed: the report still says which, so return it.
    const printed = (error as { stdout?: unknown }).stdout;
    if (typeof printed !== 'string' || printed.trim() === '') throw error;
    stdout = printed;
  }
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last) as SyncReport;
}

/** The counts that mean "bucket and index differ": zero everywhere once a scenario has converged. */
export function differences(report: SyncReport): { added: number; updated: number; removed: number; failed: number } {
  const { added, updated, removed, failed } = report.counts;
  return { added, updated, removed, failed };
}

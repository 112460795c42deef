import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import { MongoClient } from 'mongodb';
import { createTestS3Client } from '@dtool-notify/testkit/s3';
import { startLocalStack, type LocalStackWithoutService } from '@dtool-notify/dev-stack';
import type { BenchOptions } from './bench-options.js';

/** What every scenario uses: the stack (without the service), where the programs are, clients. */
export interface BenchContext {
  readonly options: BenchOptions;
  readonly stack: LocalStackWithoutService;
  /** The service's environment: the stack's plus the benchmark's settings. */
  readonly serviceEnv: Readonly<Record<string, string>>;
  readonly servicePort: number;
  readonly programs: { readonly host: string; readonly probe: string; readonly bareKoa: string; readonly cli: string };
  readonly logDirectory: string;
  /** The uploader's S3 client (not the service's). */
  readonly writer: S3Client;
  readonly mongo: MongoClient;
  close(): Promise<void>;
}

const program = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/**
 * Starts MinIO and the MongoDB-protocol server with the project's dev-stack, a bucket whose
 * webhook points at the service's port, and leaves the service to each scenario (it runs as
 * a child process, so its CPU time and memory are its own).
 */
export async function openBenchContext(options: BenchOptions): Promise<BenchContext> {
  const stack = await startLocalStack({ bucket: 'bench' });
  const servicePort = Number(stack.serviceEnv['DSERVER_NOTIFY_PORT']);
  const serviceEnv = {
    ...stack.serviceEnv,
    ...(options.maxConcurrentSyncs === undefined ? {} : { DSERVER_NOTIFY_MAX_CONCURRENT_SYNCS: String(options.maxConcurrentSyncs) }),
  };
  const writer = createTestS3Client(stack.s3);
  const mongo = await MongoClient.connect(stack.mongoUri);
  return {
    options,
    stack,
    serviceEnv,
    servicePort,
    programs: {
      host: program('./service-host.js'),
      probe: program('./service-probe.js'),
      bareKoa: program('./bare-koa.js'),
      // The product's built CLI, exactly as deployed.
      cli: fileURLToPath(new URL('./cli/main.js', import.meta.resolve('@dtool-notify/app'))),
    },
    logDirectory: mkdtempSync(join(tmpdir(), 'dtool-notify-bench-')),
    writer,
    mongo,
    async close() {
      writer.destroy();
      await mongo.close();
      await stack.stop();
    },
  };
}

/** Wall-clock milliseconds with sub-millisecond precision (comparable across processes). */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** `profileDirectory` for a server process, when `--profile` asked for CPU profiles. */
export function profiling(context: BenchContext): { readonly profileDirectory?: string } {
  const directory = context.options.profileDirectory;
  return directory === undefined ? {} : { profileDirectory: directory };
}

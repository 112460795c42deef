import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSynchronizer, type Logger } from '@dtool-notify/domain';
import {
  createInMemoryDatasetIndex,
  createInMemoryManifestReader,
  createInMemoryObjectStore,
  type InMemoryDatasetIndex,
  type InMemoryManifestReader,
  type ObjectStore,
} from '@dtool-notify/testkit';
import type Koa from 'koa';
import { createNetworkAccessPolicy, createNotifyApp, type NotifyAppOptions } from '../src/index.js';

/** One captured log line. */
export interface LogLine {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/** A logger that keeps every line, for assertions. */
export function createCapturingLogger(): Logger & { readonly lines: LogLine[] } {
  const lines: LogLine[] = [];
  const log = (level: LogLine['level']) => (fields: Readonly<Record<string, unknown>>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** Serves a Koa app on an ephemeral loopback port. */
export async function serve(app: Koa): Promise<{ readonly url: string; close(): Promise<void> }> {
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}

/** The buckets every harness knows. */
export const BUCKETS: ReadonlyMap<string, string> = new Map([
  ['test-bucket', 's3://test-bucket'],
  ['my-dtool-bucket', 's3://my-dtool-bucket'],
  ['frct-livmats', 'ecs://frct-livmats'],
]);

/** A running app over in-memory storage and index. */
export interface Harness {
  readonly url: string;
  readonly store: ObjectStore;
  readonly reader: InMemoryManifestReader;
  readonly index: InMemoryDatasetIndex;
  readonly logger: ReturnType<typeof createCapturingLogger>;
  close(): Promise<void>;
}

/** Starts the app on loopback with in-memory adapters; `overrides` replace any option. */
export async function startHarness(overrides: Partial<NotifyAppOptions> = {}): Promise<Harness> {
  const store = createInMemoryObjectStore();
  const reader = createInMemoryManifestReader(store);
  const index = createInMemoryDatasetIndex();
  const logger = createCapturingLogger();
  const app = createNotifyApp({
    synchronizer: createSynchronizer({ index, reader }),
    bucketToBaseUri: BUCKETS,
    isIndexed: (uri) => index.exists(uri),
    accessPolicy: createNetworkAccessPolicy(),
    readiness: async () => ({ ready: true, checks: { mongo: { ok: true } } }),
    effectiveConfig: { VERSION: '0.1.0', allow_access_from: ['127.0.0.0/8'], bucket_to_base_uri: Object.fromEntries(BUCKETS) },
    logger,
    confirmSubscription: async () => {
      throw new Error('no subscription confirmation expected in this test');
    },
    ...overrides,
  });
  const server = await serve(app);
  return { url: server.url, store, reader, index, logger, close: server.close };
}

/** POSTs a body with a content type and returns status, headers and parsed JSON. */
export async function send(
  url: string,
  options: { method?: string; body?: string; contentType?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> | undefined; text: string }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.contentType !== undefined) headers['content-type'] = options.contentType;
  const response = await fetch(url, {
    method: options.method ?? 'POST',
    headers,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
  const text = await response.text();
  let json: Record<string, unknown> | undefined;
  try {
    json = text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, json, text };
}

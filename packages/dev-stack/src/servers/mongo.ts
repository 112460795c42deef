// The MongoDB-protocol server for tests: an external one, a local mongod, or FerretDB.
import { MongoClient } from 'mongodb';
import { makeDataDirectory, startServerProcess } from '../process/start-server-process.js';
import { ensureTool } from './ensure-tool.js';
import { findOnPath } from './find-on-path.js';
import { freePort, launchOnFreePort } from './ports.js';
import type { MongoHandle, ServerOptions } from './server-handles.js';

/** Options of {@link startFerretDb}. */
export interface MongoOptions extends ServerOptions {
  readonly engine?: 'auto' | 'external' | 'mongod' | 'ferretdb';
  /** Restart a stopped server where its clients expect it (with the same `dataDir`). */
  readonly port?: number;
}

/** True when a MongoDB-compatible server at host:port answers `{ping: 1}` with ok: 1; never throws. */
export async function pingMongo(port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<boolean> {
  const address = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const client = new MongoClient(`mongodb://${address}:${port}/`, {
    directConnection: true,
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs,
  });
  try {
    // Server selection would retry a refused connection until its timeout; a readiness poll
    // wants "not up yet" at once, so the first failed heartbeat settles it.
    const unreachable = new Promise<null>((resolve) => client.once('serverHeartbeatFailed', () => resolve(null)));
    const ping = client.db('admin').command({ ping: 1 });
    ping.catch(() => undefined); // rejected by close() when `unreachable` wins
    const reply = await Promise.race([ping, unreachable]);
    return reply?.['ok'] === 1;
  } catch {
    return false;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** True when the server named by a `mongodb://` URI answers a ping. */
export function isMongoReady(uri: string): Promise<boolean> {
  const { host, port } = mongoHostPort(uri);
  return pingMongo(port, host);
}

/**
 * Starts a MongoDB-compatible server. Order of preference: `$DTOOL_NOTIFY_TEST_MONGO_URI`
 * (returned as is, `stop()` does nothing), then a `mongod` found on PATH, then FerretDB
 * (SQLite backend). `options.engine` forces one.
 */
export async function startFerretDb(options: MongoOptions = {}): Promise<MongoHandle> {
  const engine = options.engine ?? 'auto';
  const external = process.env['DTOOL_NOTIFY_TEST_MONGO_URI'];
  if ((engine === 'auto' && external !== undefined) || engine === 'external') {
    if (external === undefined) throw new Error('engine "external" needs DTOOL_NOTIFY_TEST_MONGO_URI');
    return { uri: external, port: mongoHostPort(external).port, engine: 'external', dataDir: null, pid: null, startupMs: 0, stop: async () => undefined };
  }
  const mongod = findOnPath('mongod');
  if ((engine === 'auto' && mongod !== undefined) || engine === 'mongod') {
    if (mongod === undefined) throw new Error('engine "mongod" requested but no mongod on PATH');
    return startMongoServer('mongod', mongod, (port, dir) => ['--port', String(port), '--bind_ip', '127.0.0.1', '--dbpath', dir, '--quiet'], options);
  }
  const binary = await ensureTool('ferretdb');
  return startMongoServer('ferretdb', binary, (port, dir) => [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-', // no metrics/pprof HTTP listener
    '--telemetry=disable',
    // Info, not warn: the line that names the port it listens on (see FERRETDB_LISTENING).
    '--log-level=info',
  ], options);
}

// FerretDB binds port 0 and says which port it got, so no port is picked before the server holds it.
const FERRETDB_LISTENING = /Listening on TCP 127\.0\.0\.1:(\d+)/;

async function startMongoServer(
  engine: 'mongod' | 'ferretdb',
  command: string,
  argsFor: (port: number, dir: string) => string[],
  options: MongoOptions,
): Promise<MongoHandle> {
  const start = async (port: number): Promise<MongoHandle> => {
    const dataDirectory = makeDataDirectory(`dtool-notify-${engine}-`, options.dataDir);
    let bound = port === 0 ? undefined : port;
    const onOutput = (line: string): void => {
      if (bound === undefined) bound = Number(FERRETDB_LISTENING.exec(line)?.[1] ?? Number.NaN) || undefined;
      options.onOutput?.(line);
    };
    const server = await startServerProcess({
      name: engine, command, args: argsFor(port, dataDirectory.path), env: { DO_NOT_TRACK: '1' },
      dataDirectory, onOutput, isReady: async () => bound !== undefined && (await pingMongo(bound)),
    });
    if (bound === undefined) throw new Error(`${engine} is ready but never said which port it listens on`);
    return { ...server, dataDir: dataDirectory.path, uri: `mongodb://127.0.0.1:${bound}/`, port: bound, engine };
  };
  // A fixed port is not retried elsewhere: its clients expect the server there. mongod cannot
  // be asked for port 0 and tell which it got, so it takes a free one and retries if it lost it.
  if (options.port !== undefined) return start(options.port);
  return engine === 'ferretdb' ? start(0) : launchOnFreePort(async () => start(await freePort()));
}

/** Host and port of a `mongodb://` URI (first host only). */
function mongoHostPort(uri: string): { host: string; port: number } {
  const url = new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || 27017) };
}

// The MongoDB-protocol server for tests: an external one, a local mongod, or FerretDB.

import { ensureTool } from './ensure-tool.mjs';
import { findOnPath } from './find-on-path.mjs';
import { freePort, launchOnFreePort } from './ports.mjs';
import { launch, makeDataDir } from './processes.mjs';

/** True when a MongoDB-compatible server at host:port answers `{ping: 1}` with ok: 1; never throws. */
export async function pingMongo(port, host = '127.0.0.1', timeoutMs = 2000) {
  let client;
  try {
    const { MongoClient } = await loadMongoDriver();
    const address = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
    client = new MongoClient(`mongodb://${address}:${port}/`, {
      directConnection: true,
      serverSelectionTimeoutMS: timeoutMs,
      connectTimeoutMS: timeoutMs,
      socketTimeoutMS: timeoutMs,
    });
    // Server selection would retry a refused connection until its timeout; a readiness poll
    // wants "not up yet" at once, so the first failed heartbeat settles it.
    const unreachable = new Promise((resolve) => client.once('serverHeartbeatFailed', () => resolve(null)));
    const ping = client.db('admin').command({ ping: 1 });
    ping.catch(() => {}); // rejected by close() when `unreachable` wins
    const reply = await Promise.race([ping, unreachable]);
    return reply?.ok === 1;
  } catch {
    return false;
  } finally {
    await client?.close().catch(() => {});
  }
}

/** True when the server named by a `mongodb://` URI answers a ping. */
export function isMongoReady(uri) {
  const { host, port } = mongoHostPort(uri);
  return pingMongo(port, host);
}

/**
 * Starts a MongoDB-compatible server and returns its connection info.
 * Order of preference: `$DTOOL_NOTIFY_TEST_MONGO_URI` (returned as is, `stop()` is a no-op),
 * then a `mongod` found on PATH, then FerretDB (SQLite backend). `opts.engine` forces one.
 * `opts.port` fixes the port, to restart a stopped server where its clients expect it (with
 * the same `opts.dataDir`); a free port is chosen otherwise.
 * @param {{ engine?: 'auto'|'external'|'mongod'|'ferretdb', dataDir?: string, port?: number, onOutput?: (line: string) => void }} [opts]
 * @returns {Promise<{ uri: string, port: number, engine: string, dataDir: string|null, pid: number|null,
 *           startupMs: number, stop(): Promise<void> }>}
 */
export async function startFerretDb(opts = {}) {
  const engine = opts.engine ?? 'auto';
  const external = process.env.DTOOL_NOTIFY_TEST_MONGO_URI;
  if ((engine === 'auto' && external) || engine === 'external') {
    if (!external) throw new Error('engine "external" needs DTOOL_NOTIFY_TEST_MONGO_URI');
    return { uri: external, port: mongoHostPort(external).port, engine: 'external', dataDir: null, pid: null, startupMs: 0, stop: async () => {} };
  }
  const mongod = findOnPath('mongod');
  if ((engine === 'auto' && mongod) || engine === 'mongod') {
    if (!mongod) throw new Error('engine "mongod" requested but no mongod on PATH');
    return startMongoServer('mongod', mongod, (port, dir) => ['--port', String(port), '--bind_ip', '127.0.0.1', '--dbpath', dir, '--quiet'], opts);
  }
  const bin = await ensureTool('ferretdb');
  return startMongoServer('ferretdb', bin, (port, dir) => [
    '--handler=sqlite',
    `--sqlite-url=file:${dir}/`,
    `--state-dir=${dir}`,
    `--listen-addr=127.0.0.1:${port}`,
    '--debug-addr=-', // no metrics/pprof HTTP listener
    '--telemetry=disable',
    '--log-level=warn',
  ], opts);
}

async function startMongoServer(engine, cmd, argsFor, opts) {
  // Readiness is a driver ping: without the driver every ping fails, so say why up front.
  await loadMongoDriver();
  const start = async () => {
    const { dataDir, throwaway } = makeDataDir(`dtool-notify-${engine}-`, opts.dataDir);
    const port = opts.port ?? (await freePort());
    const handle = await launch({
      name: engine, cmd, args: argsFor(port, dataDir), env: { ...process.env, DO_NOT_TRACK: '1' },
      dataDir, throwaway, onOutput: opts.onOutput, isReady: () => pingMongo(port),
    });
    return { uri: `mongodb://127.0.0.1:${port}/`, port, engine, ...handle };
  };
  // A fixed port is not retried elsewhere: its clients expect the server there.
  return opts.port === undefined ? launchOnFreePort(start) : start();
}

// Imported on first use, so `services.mjs install` runs before `npm install` has.
async function loadMongoDriver() {
  try {
    return await import('mongodb');
  } catch (err) {
    throw new Error(`the \`mongodb\` driver is not installed; run \`npm install\` at the repo root (${err.message})`);
  }
}

/** Host and port of a `mongodb://` URI (first host only). */
function mongoHostPort(uri) {
  const u = new URL(uri.replace(/^mongodb(\+srv)?:/, 'http:'));
  return { host: u.hostname, port: Number(u.port || 27017) };
}

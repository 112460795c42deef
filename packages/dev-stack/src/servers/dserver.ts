// dserver (dservercore 0.22 + the Mongo search and retrieve plugins) from the pinned Python
// venv, on a MongoDB-protocol server: for the dserver index's tests and the local stack.
// The Flask app is python/dserver_app.py (it lets FerretDB's refusal of the search plugin's
// text index through; see its docstring).
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execaSync } from 'execa';
import { makeDataDirectory, startServerProcess } from '../process/start-server-process.js';
import { ensurePythonTools } from '../python/python-tools.js';
import { freePort, launchOnFreePort } from './ports.js';
import type { ServerHandle, ServerOptions } from './server-handles.js';

/** The Flask app of the server and of dserver's `flask` CLI (`FLASK_APP`). */
export const DSERVER_APP = fileURLToPath(new URL('../../python/dserver_app.py', import.meta.url));

/** dserver as {@link startDserver} starts and provisions it. */
export interface DserverHandle extends ServerHandle {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** The RS256 key pair dserver signs and verifies tokens with. */
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  /** A non-expiring token per provisioned user. */
  readonly tokens: Readonly<Record<string, string>>;
  /** Runs dserver's own `flask` CLI on this dserver's database. */
  flask(...args: string[]): { status: number | null; stdout: string; stderr: string };
}

/** Options of {@link startDserver}: its plugins' Mongo, and what to provision. */
export interface DserverStartOptions extends ServerOptions {
  readonly mongoUri: string;
  readonly database?: string;
  /** Restart the same dserver after `stop()` (with the same `dataDir`). */
  readonly port?: number;
  readonly baseUris?: readonly string[];
  readonly users?: ReadonlyArray<{ readonly username: string; readonly search?: readonly string[]; readonly register?: readonly string[]; readonly admin?: boolean }>;
}

interface KeyPair {
  readonly privatePath: string;
  readonly publicPath: string;
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
}

/** An RSA key pair in `dataDir` (kept across restarts, so tokens stay valid). */
function keyPair(dataDir: string): KeyPair {
  const privatePath = path.join(dataDir, 'jwt-private.pem');
  const publicPath = path.join(dataDir, 'jwt-public.pem');
  if (!fs.existsSync(privatePath)) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    fs.writeFileSync(publicPath, publicKey);
    fs.writeFileSync(privatePath, privateKey, { mode: 0o600 });
  }
  return { privatePath, publicPath, privateKeyPem: fs.readFileSync(privatePath, 'utf8'), publicKeyPem: fs.readFileSync(publicPath, 'utf8') };
}

/** The environment dserver (server and `flask` CLI) runs with: nothing of ours leaks in. */
function dserverEnvironment(dataDir: string, mongoUri: string, database: string, keys: KeyPair): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !/^(AWS_|DTOOL_|JWT_|SEARCH_|RETRIEVE_|FLASK_)/.test(entry[0])),
  );
  return {
    ...inherited,
    HOME: dataDir,
    PYTHONUTF8: '1',
    PYTHONWARNINGS: 'ignore',
    // FLASK_APP imports dserver_app.py as a module: no __pycache__ beside it in the checkout.
    PYTHONDONTWRITEBYTECODE: '1',
    FLASK_APP: DSERVER_APP,
    SECRET_KEY: 'dtool-notify-test-dserver',
    SQLALCHEMY_DATABASE_URI: `sqlite:///${path.join(dataDir, 'dserver.db')}`,
    SEARCH_MONGO_URI: mongoUri,
    SEARCH_MONGO_DB: database,
    SEARCH_MONGO_COLLECTION: 'datasets',
    RETRIEVE_MONGO_URI: mongoUri,
    RETRIEVE_MONGO_DB: database,
    RETRIEVE_MONGO_COLLECTION: 'datasets',
    JWT_PRIVATE_KEY_FILE: keys.privatePath,
    JWT_PUBLIC_KEY_FILE: keys.publicPath,
  };
}

/**
 * Starts dserver and provisions it: `baseUris` registered, each of `users` created with the
 * given permissions, a non-expiring token made for each. `flask(...args)` runs dserver's own
 * CLI on the same database. Pass `dataDir` and `port` again to restart the same dserver.
 */
export async function startDserver(options: DserverStartOptions): Promise<DserverHandle> {
  const { python, venv } = await ensurePythonTools('main');
  const dataDirectory = makeDataDirectory('dtool-notify-dserver-', options.dataDir);
  const keys = keyPair(dataDirectory.path);
  const env = dserverEnvironment(dataDirectory.path, options.mongoUri, options.database ?? 'dtool_info', keys);
  const flaskCommand = path.join(venv, 'bin', 'flask');
  const flask = (...args: string[]): { status: number | null; stdout: string; stderr: string } => {
    const result = execaSync(flaskCommand, args, { env, extendEnv: false, reject: false });
    return { status: result.exitCode ?? null, stdout: result.stdout.trim(), stderr: result.stderr };
  };
  const specPath = path.join(dataDirectory.path, 'provision.json');
  fs.writeFileSync(specPath, JSON.stringify({ base_uris: options.baseUris ?? [], users: options.users ?? [] }));
  const provisioned = execaSync(python, [DSERVER_APP, 'provision', specPath], { env, extendEnv: false, reject: false });
  if (provisioned.exitCode !== 0) throw new Error(`dserver provisioning failed:\n${provisioned.stderr}`);
  const { tokens } = JSON.parse(provisioned.stdout.trim().split('\n').pop() ?? '{}') as { tokens: Record<string, string> };
  const start = async (port: number): Promise<DserverHandle> => {
    const url = `http://127.0.0.1:${port}`;
    const server = await startServerProcess({
      name: 'dserver',
      command: python,
      args: [DSERVER_APP, 'serve', '--port', String(port)],
      env,
      inheritEnv: false,
      dataDirectory,
      onOutput: options.onOutput,
      isReady: async () => (await fetch(`${url}/config/versions`, { signal: AbortSignal.timeout(1000) })).status > 0,
    });
    return {
      ...server, url, port, dataDir: dataDirectory.path, publicKeyPem: keys.publicKeyPem, privateKeyPem: keys.privateKeyPem, tokens, flask,
    };
  };
  return options.port === undefined ? launchOnFreePort(async () => start(await freePort())) : start(options.port);
}

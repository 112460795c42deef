// dserver (dservercore 0.22 + the Mongo search and retrieve plugins) from the pinned Python
// venv, on a MongoDB-protocol server: for the dserver index's tests and the local stack.
// The Flask app is dserver_app.py beside this file (it lets FerretDB's refusal of the search
// plugin's text index through; see its docstring).

import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, launchOnFreePort } from './ports.mjs';
import { launch, makeDataDir } from './processes.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The Flask app of the server and of dserver's `flask` CLI (`FLASK_APP`). */
export const DSERVER_APP = path.join(HERE, 'dserver_app.py');

/** An RSA key pair in `dataDir` (kept across restarts, so tokens stay valid). */
function keyPair(dataDir) {
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

/** The environment dserver (server and `flask` CLI) runs with. */
function dserverEnvironment({ dataDir, mongoUri, database, keys }) {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(AWS_|DTOOL_|JWT_|SEARCH_|RETRIEVE_|FLASK_)/.test(name)));
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
 * given permissions (`{username, search: [baseUri], register: [baseUri]}`), a non-expiring
 * token made for each. Returns `{url, port, dataDir, publicKeyPem, privateKeyPem, tokens,
 * env, flask, python, stop}`; `flask(...args)` runs dserver's own CLI on the same database.
 * Pass `dataDir` and `port` again to restart the same dserver after `stop()`.
 */
export async function startDserver({ mongoUri, database = 'dtool_info', dataDir, port, baseUris = [], users = [], onOutput } = {}) {
  if (mongoUri === undefined) throw new Error('startDserver: mongoUri is required');
  const { ensurePythonTools } = await import('../python-tools.mjs');
  const { python, venv } = await ensurePythonTools();
  const dir = makeDataDir('dtool-notify-dserver-', dataDir);
  const keys = keyPair(dir.dataDir);
  const env = dserverEnvironment({ dataDir: dir.dataDir, mongoUri, database, keys });
  const flaskCommand = path.join(venv, 'bin', 'flask');
  const flask = (...args) => {
    const result = spawnSync(flaskCommand, args, { env, encoding: 'utf8' });
    return { status: result.status, stdout: result.stdout.trim(), stderr: result.stderr };
  };
  const specPath = path.join(dir.dataDir, 'provision.json');
  fs.writeFileSync(specPath, JSON.stringify({ base_uris: baseUris, users }));
  const provisioned = spawnSync(python, [DSERVER_APP, 'provision', specPath], { env, encoding: 'utf8' });
  if (provisioned.status !== 0) throw new Error(`dserver provisioning failed:\n${provisioned.stderr}`);
  const { tokens } = JSON.parse(provisioned.stdout.trim().split('\n').pop());
  const start = async (chosen) => {
    const url = `http://127.0.0.1:${chosen}`;
    const handle = await launch({
      name: 'dserver',
      cmd: python,
      args: [DSERVER_APP, 'serve', '--port', String(chosen)],
      env,
      dataDir: dir.dataDir,
      throwaway: dir.throwaway,
      onOutput,
      isReady: async () => (await fetch(`${url}/config/versions`, { signal: AbortSignal.timeout(1000) })).status > 0,
    });
    return { ...handle, url, port: chosen };
  };
  const handle = port === undefined ? await launchOnFreePort(async () => start(await freePort())) : await start(port);
  return { ...handle, publicKeyPem: keys.publicKeyPem, privateKeyPem: keys.privateKeyPem, tokens, env, flask, python };
}

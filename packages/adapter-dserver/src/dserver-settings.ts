import { createPrivateKey } from 'node:crypto';
import type { ConfigResult } from '@dtool-notify/domain';

/** How the service proves who it is to dserver. */
export type DserverCredentials =
  /** A token made by dserver's `flask user token` (or any RS256 JWT dserver accepts). */
  | { readonly kind: 'token'; readonly token: string }
  /** The RS256 private key whose public half dserver verifies with (`JWT_PUBLIC_KEY`): the service mints short-lived tokens for `username`. */
  | { readonly kind: 'private-key'; readonly privateKeyPem: string; readonly username: string; readonly tokenLifetimeSeconds: number };

/** Everything the dserver index needs, read from the environment. */
export interface DserverSettings {
  /** dserver's base URL, e.g. `https://dserver.example.org` (no trailing slash). */
  readonly url: string;
  readonly credentials: DserverCredentials;
  /** Time limit of one request to dserver. */
  readonly requestTimeoutMs: number;
  /** Requests to dserver in flight at once (further ones wait for a connection). */
  readonly maxConcurrentRequests: number;
}

/** The variables {@link readDserverSettings} reads. */
export const DSERVER_VARIABLES = {
  url: 'DSERVER_URL',
  token: 'DSERVER_NOTIFY_DSERVER_TOKEN',
  privateKey: 'DSERVER_NOTIFY_DSERVER_PRIVATE_KEY',
  username: 'DSERVER_NOTIFY_DSERVER_USERNAME',
  tokenLifetime: 'DSERVER_NOTIFY_DSERVER_TOKEN_LIFETIME_S',
  timeout: 'DSERVER_NOTIFY_DSERVER_TIMEOUT_MS',
  concurrency: 'DSERVER_NOTIFY_DSERVER_MAX_REQUESTS',
} as const;

type Environment = Readonly<Record<string, string | undefined>>;

const valueOf = (env: Environment, name: string): string | undefined => {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
};

function readWholeNumber(env: Environment, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = valueOf(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  problems.push(`${name} must be a whole number from ${min} to ${max}; got "${raw}"`);
  return fallback;
}

function readUrl(env: Environment, problems: string[]): string {
  const raw = valueOf(env, DSERVER_VARIABLES.url);
  if (raw === undefined) {
    problems.push(`${DSERVER_VARIABLES.url} is not set: give dserver's base URL, e.g. https://dserver.example.org`);
    return '';
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    problems.push(`${DSERVER_VARIABLES.url} must be an http:// or https:// URL; its value is not a URL`);
    return '';
  }
  if (url.username !== '' || url.password !== '') {
    problems.push(`${DSERVER_VARIABLES.url} must not hold credentials (user:password@); set ${DSERVER_VARIABLES.token} or ${DSERVER_VARIABLES.privateKey}`);
  } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${DSERVER_VARIABLES.url} must be an http:// or https:// URL; got ${url.protocol}`);
  } else if (url.search !== '' || url.hash !== '') {
    problems.push(`${DSERVER_VARIABLES.url} must not have a query or fragment`);
  }
  return url.href.replace(/\/+$/, '');
}

function readCredentials(env: Environment, problems: string[]): DserverCredentials | undefined {
  const token = valueOf(env, DSERVER_VARIABLES.token);
  const privateKeyPem = valueOf(env, DSERVER_VARIABLES.privateKey);
  const username = valueOf(env, DSERVER_VARIABLES.username);
  const tokenLifetimeSeconds = readWholeNumber(env, DSERVER_VARIABLES.tokenLifetime, 300, 30, 86_400, problems);
  if (token !== undefined && privateKeyPem !== undefined) {
    problems.push(`set either ${DSERVER_VARIABLES.token} or ${DSERVER_VARIABLES.privateKey}, not both`);
    return undefined;
  }
  if (token !== undefined) {
    if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) problems.push(`${DSERVER_VARIABLES.token} is not a JWT (three base64url parts separated by dots)`);
    return { kind: 'token', token };
  }
  if (privateKeyPem === undefined) {
    problems.push(
      `dserver needs credentials: set ${DSERVER_VARIABLES.token} (a token from \`flask user token <user>\`) or ` +
        `${DSERVER_VARIABLES.privateKey} (the PEM private key matching dserver's JWT_PUBLIC_KEY) with ${DSERVER_VARIABLES.username}`,
    );
    return undefined;
  }
  const keyProblem = describePrivateKeyProblem(privateKeyPem);
  if (keyProblem !== undefined) problems.push(keyProblem);
  if (username === undefined) problems.push(`${DSERVER_VARIABLES.username} must name the dserver user the minted tokens are for`);
  return { kind: 'private-key', privateKeyPem, username: username ?? '', tokenLifetimeSeconds };
}

/** Why a PEM cannot sign RS256 tokens, or `undefined`. Never quotes the key. */
function describePrivateKeyProblem(pem: string): string | undefined {
  try {
    const key = createPrivateKey(pem);
    return key.asymmetricKeyType === 'rsa' ? undefined : `${DSERVER_VARIABLES.privateKey} must be an RSA key (dserver verifies RS256); got ${key.asymmetricKeyType ?? 'another key type'}`;
  } catch {
    return `${DSERVER_VARIABLES.privateKey} is not a PEM private key (-----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----)`;
  }
}

/**
 * Reads the dserver index's settings: `DSERVER_URL`, and either a token
 * (`DSERVER_NOTIFY_DSERVER_TOKEN`) or a private key (`DSERVER_NOTIFY_DSERVER_PRIVATE_KEY` with
 * `DSERVER_NOTIFY_DSERVER_USERNAME`, optionally `DSERVER_NOTIFY_DSERVER_TOKEN_LIFETIME_S`),
 * plus the request time limit and concurrency. Every problem is listed; none quotes a secret.
 */
export function readDserverSettings(env: Environment): ConfigResult<DserverSettings> {
  const problems: string[] = [];
  const url = readUrl(env, problems);
  const credentials = readCredentials(env, problems);
  const requestTimeoutMs = readWholeNumber(env, DSERVER_VARIABLES.timeout, 10_000, 100, 600_000, problems);
  const maxConcurrentRequests = readWholeNumber(env, DSERVER_VARIABLES.concurrency, 8, 1, 256, problems);
  if (problems.length > 0 || credentials === undefined) return { ok: false, problems };
  return { ok: true, value: { url, credentials, requestTimeoutMs, maxConcurrentRequests } };
}

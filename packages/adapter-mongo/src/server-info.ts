import type { Db } from 'mongodb';
import { findPath, formatPath } from './find-path.js';

/** Which server speaks the MongoDB protocol on the other end. */
export interface ServerInfo {
  readonly product: 'MongoDB' | 'FerretDB';
  readonly version: string;
}

/** Asks the server who it is (`buildInfo`; FerretDB adds `ferretdbVersion`). */
export async function readServerInfo(db: Db): Promise<ServerInfo> {
  const info = await db.admin().command({ buildInfo: 1 });
  const ferretdbVersion: unknown = info['ferretdbVersion'];
  if (typeof ferretdbVersion === 'string') return { product: 'FerretDB', version: ferretdbVersion };
  const version: unknown = info['version'];
  return { product: 'MongoDB', version: typeof version === 'string' ? version : 'unknown' };
}

/**
 * Where `document` holds a value `server` cannot store, or `undefined`. FerretDB 1.x drops
 * the connection on NaN (which would look like an outage and be retried forever) and
 * refuses ±Infinity; both can come from a README parsed as YAML (`.nan`, `.inf`).
 */
export function findUnstorableValue(document: unknown, server: ServerInfo): string | undefined {
  if (server.product !== 'FerretDB') return undefined;
  const path = findPath(document, (_key, value) => typeof value === 'number' && !Number.isFinite(value));
  return path === undefined ? undefined : formatPath(path);
}

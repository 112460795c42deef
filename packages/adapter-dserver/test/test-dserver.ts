import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { startDserver, type DserverHandle } from '@dtool-notify/dev-stack';

/** A dserver user to create, with the base URIs it may search / register on. */
export interface DserverUser {
  readonly username: string;
  readonly search?: readonly string[];
  readonly register?: readonly string[];
  /** An administrator (may manage base URIs and permissions through the REST API). */
  readonly admin?: boolean;
}

/** dserver as the dev-stack runs it. */
export type TestDserver = DserverHandle;

/** Options of {@link startTestDserver}. */
export interface TestDserverOptions {
  readonly baseUris?: readonly string[];
  readonly users?: readonly DserverUser[];
  /** The Mongo database of its search and retrieve plugins (a fresh one when absent). */
  readonly database?: string;
  /** To restart a stopped dserver on the same data (and port). */
  readonly dataDir?: string;
  readonly port?: number;
}

/** Time for a `beforeAll` that starts dserver (a first run may create the Python venv). */
export const DSERVER_SETUP_MS = 10 * 60_000;

/** Starts dserver 0.22 on the global setup's MongoDB-protocol server (`inject('mongoUri')`). */
export async function startTestDserver(options: TestDserverOptions = {}): Promise<TestDserver> {
  return startDserver({
    mongoUri: inject('mongoUri'),
    database: options.database ?? `dserver_${randomUUID().slice(0, 8)}`,
    baseUris: options.baseUris ?? [],
    users: options.users ?? [],
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
}

import { startFerretDb, type MongoHandle } from '@dtool-notify/dev-stack';

/** The MongoDB-protocol server of a local stack, stoppable and restartable where its clients expect it. */
export interface RestartableMongo {
  readonly uri: string;
  readonly running: boolean;
  /** Stops the server (SIGTERM); its data stays in the data directory. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data directory. */
  start(): Promise<void>;
}

/**
 * Wraps the stack's server (started with `dataDir`) so a test can take it away and bring it
 * back. An external server (`DTOOL_NOTIFY_TEST_MONGO_URI`) cannot be stopped: that fails loudly.
 */
export function restartableMongo(first: MongoHandle, dataDir: string): RestartableMongo {
  if (first.engine === 'external') {
    throw new Error('these fault tests stop and restart the MongoDB-protocol server; unset DTOOL_NOTIFY_TEST_MONGO_URI');
  }
  const port = Number(new URL(first.uri.replace(/^mongodb:/, 'http:')).port);
  let current: MongoHandle | undefined = first;
  return {
    uri: first.uri,
    get running() {
      return current !== undefined;
    },
    async stop() {
      const stopping = current;
      current = undefined;
      await stopping?.stop();
    },
    async start() {
      if (current !== undefined) return;
      current = await startFerretDb({ dataDir, port });
    },
  };
}

/** A running test server. */
export interface ServerHandle {
  readonly pid: number | null;
  readonly startupMs: number;
  stop(): Promise<void>;
}

/** MinIO as {@link startMinio} starts it. */
export interface MinioHandle extends ServerHandle {
  readonly url: string;
  readonly endpoint: string;
  readonly port: number;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly dataDir: string;
}

/** The MongoDB-protocol server as {@link startFerretDb} starts it. */
export interface MongoHandle extends ServerHandle {
  readonly uri: string;
  readonly port: number;
  readonly engine: 'external' | 'mongod' | 'ferretdb';
  readonly dataDir: string | null;
}

/** Options every server start takes. */
export interface ServerOptions {
  /** Keep the data here (a throwaway directory otherwise). */
  readonly dataDir?: string | undefined;
  /** Each line the server writes. */
  readonly onOutput?: ((line: string) => void) | undefined;
}

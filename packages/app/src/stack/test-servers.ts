/** A running server started by the project's `scripts/services.mjs`. */
export interface ServerHandle {
  readonly pid: number | null;
  stop(): Promise<void>;
}

/** MinIO as `scripts/services.mjs` starts it. */
export interface MinioHandle extends ServerHandle {
  readonly endpoint: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
  readonly dataDir: string;
}

/** The MongoDB-protocol server as `scripts/services.mjs` starts it. */
export interface MongoHandle extends ServerHandle {
  readonly uri: string;
  readonly engine: string;
}

/** Apache Kafka (one KRaft node) as `scripts/services.mjs` starts it. */
export interface KafkaHandle extends ServerHandle {
  /** `127.0.0.1:<port>` */
  readonly brokers: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
}

/** dserver as `scripts/services.mjs` starts and provisions it. */
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

/** Options of `startDserver`: its plugins' Mongo, and what to provision. */
export interface DserverStartOptions {
  mongoUri: string;
  database?: string;
  dataDir?: string;
  port?: number;
  baseUris?: string[];
  users?: { username: string; search?: string[]; register?: string[]; admin?: boolean }[];
  onOutput?: (line: string) => void;
}

/** The part of `scripts/services.mjs` the local stack uses (passed in, so the app has no path to it). */
export interface TestServers {
  startMinio(options?: { dataDir?: string; env?: Record<string, string>; onOutput?: (line: string) => void }): Promise<MinioHandle>;
  startFerretDb(options?: { dataDir?: string; onOutput?: (line: string) => void }): Promise<MongoHandle>;
  /** With the `dataDir` and ports of an earlier run, starts that broker again (topics and offsets kept). */
  startKafka(options?: { dataDir?: string; port?: number; controllerPort?: number }): Promise<KafkaHandle>;
  startDserver(options: DserverStartOptions): Promise<DserverHandle>;
  freePort(): Promise<number>;
}

/**
 * Loads `scripts/services.mjs` of the checkout this CLI runs from. Only the developer
 * commands (`start`, `demo`) need it; a deployed service never does.
 */
export async function loadTestServers(): Promise<TestServers> {
  const script = new URL('../../../../scripts/services.mjs', import.meta.url);
  try {
    return (await import(script.href)) as TestServers;
  } catch (error) {
    throw new Error(
      `the local stack needs a checkout of dtool-notify (looked for ${script.pathname}): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

// Apache Kafka for tests and local runs: one KRaft node (broker + controller) on loopback.
// Its jars come from Maven Central through Maven (`dependency:copy-dependencies` of
// org.apache.kafka:kafka_2.13), cached per machine; Java 17 runs it with a small heap.
// No Docker, no tarball downloads.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Admin } from '@platformatic/kafka';
import { execaSync } from 'execa';
import { withLock } from '../lock/with-lock.js';
import { runLogged } from '../process/run-logged.js';
import { makeDataDirectory, startServerProcess } from '../process/start-server-process.js';
import { createProgress } from '../progress/progress.js';
import { findOnPath } from './find-on-path.js';
import { freePort, launchOnFreePort } from './ports.js';
import type { ServerHandle, ServerOptions } from './server-handles.js';
import { cacheRoot } from './tools.js';

/** The pinned Kafka: the server artifact whose runtime dependencies make the classpath. */
export const KAFKA = { version: '4.1.1', groupId: 'org.apache.kafka', artifactId: 'kafka_2.13' } as const;

/** Where the Kafka jars are cached and logged. */
export interface KafkaPaths {
  readonly dir: string;
  readonly libs: string;
  readonly stamp: string;
  readonly log: string;
}

/** `<cache>/kafka-<version>/libs`, with `.verified` written once complete. */
export function kafkaPaths(): KafkaPaths {
  const dir = path.join(cacheRoot(), `kafka-${KAFKA.version}`);
  return { dir, libs: path.join(dir, 'libs'), stamp: path.join(dir, '.verified'), log: path.join(cacheRoot(), 'logs', 'kafka.log') };
}

/** Ensures the Kafka jars are in the cache (resolved with Maven once per machine); returns the libs directory. */
export async function ensureKafka(): Promise<string> {
  const paths = kafkaPaths();
  const done = (): boolean => fs.existsSync(paths.stamp);
  if (!done()) await withLock(paths.dir, progress, done, () => resolveJars(paths));
  return paths.libs;
}

const progress = createProgress('kafka');

/** Absolute path of `command` on PATH, or throws with `howTo`. */
function requireProgram(command: string, howTo: string): string {
  const found = findOnPath(command);
  if (found === undefined) throw new Error(`\`${command}\` was not found on PATH. ${howTo}`);
  return found;
}

async function resolveJars(paths: KafkaPaths): Promise<void> {
  const mvn = requireProgram('mvn', 'Kafka for the tests is resolved from Maven Central with Maven: install Maven (mvn) and Java 17+');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dtool-notify-kafka-pom-'));
  const staging = `${paths.libs}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(paths.log), { recursive: true });
  fs.writeFileSync(path.join(work, 'pom.xml'), `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dtool-notify</groupId><artifactId>kafka-runtime</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>${KAFKA.groupId}</groupId><artifactId>${KAFKA.artifactId}</artifactId><version>${KAFKA.version}</version></dependency>
  </dependencies>
</project>
`);
  progress(`resolving ${KAFKA.groupId}:${KAFKA.artifactId}:${KAFKA.version} from Maven Central (log: ${paths.log})`);
  try {
    await progress.withHeartbeat('still resolving jars', () =>
      runLogged(mvn, ['-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`], paths.log, { cwd: work }),
    );
    if (!fs.existsSync(path.join(staging, `${KAFKA.artifactId}-${KAFKA.version}.jar`))) throw new Error(`Maven resolved no ${KAFKA.artifactId} jar; see ${paths.log}`);
    fs.rmSync(paths.libs, { recursive: true, force: true });
    fs.renameSync(staging, paths.libs);
    const count = fs.readdirSync(paths.libs).length;
    fs.writeFileSync(paths.stamp, `${new Date().toISOString()} ${count} jars\n`);
    progress(`${count} jars in ${paths.libs}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** True when a broker at `host:port` answers a metadata request; never throws. */
export async function isKafkaReady(broker: string): Promise<boolean> {
  const admin = new Admin({ clientId: 'dtool-notify-ready', bootstrapBrokers: [broker], retries: 0, connectTimeout: 1000, timeout: 2000 });
  try {
    const metadata = await admin.metadata({ topics: [] });
    return metadata.brokers.size > 0;
  } catch {
    return false;
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Apache Kafka (one KRaft node) as {@link startKafka} starts it. */
export interface KafkaHandle extends ServerHandle {
  /** `127.0.0.1:<port>` */
  readonly brokers: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly dataDir: string;
  /** Its last lines of output. */
  output(): string;
}

/** Options of {@link startKafka}. */
export interface KafkaOptions extends ServerOptions {
  /** With the `dataDir` and ports of an earlier run, starts that broker again (topics and offsets kept). */
  readonly port?: number | undefined;
  readonly controllerPort?: number | undefined;
  readonly heapMb?: number | undefined;
  /** Partitions of an automatically created topic (default 3). */
  readonly partitions?: number | undefined;
}

/**
 * Starts a single-node Kafka (KRaft, combined broker and controller) on loopback. Given the
 * `dataDir` and `port` of an earlier run, it starts that broker again with its topics and
 * offsets (for restart tests); otherwise it formats a fresh one on free ports.
 */
export async function startKafka(options: KafkaOptions = {}): Promise<KafkaHandle> {
  const libs = await ensureKafka();
  const java = requireProgram('java', 'Kafka runs on Java: install Java 17+ (e.g. `apt-get install openjdk-17-jre-headless`).');
  const start = async (): Promise<KafkaHandle> => {
    const dataDirectory = makeDataDirectory('dtool-notify-kafka-', options.dataDir);
    const port = options.port ?? (await freePort());
    const controllerPort = options.controllerPort ?? (await freePort());
    const properties = path.join(dataDirectory.path, 'server.properties');
    const logDir = path.join(dataDirectory.path, 'log');
    fs.writeFileSync(properties, serverProperties(port, controllerPort, logDir, options.partitions ?? 3));
    const javaOptions = [`-Xmx${options.heapMb ?? 512}m`, '-Xms64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', '-cp', `${libs}/*`];
    if (!fs.existsSync(path.join(logDir, 'meta.properties'))) {
      const clusterId = randomClusterId();
      const format = execaSync(java, [...javaOptions, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties], { reject: false, all: true });
      if (format.exitCode !== 0) throw new Error(`formatting Kafka storage failed:\n${format.all ?? ''}`);
    }
    const brokers = `127.0.0.1:${port}`;
    const server = await startServerProcess({
      name: 'kafka', command: java, args: [...javaOptions, 'kafka.Kafka', properties], dataDirectory, onOutput: options.onOutput, isReady: () => isKafkaReady(brokers),
    });
    return { ...server, brokers, port, controllerPort, dataDir: dataDirectory.path };
  };
  return options.port === undefined ? launchOnFreePort(start) : start();
}

/**
 * 16 random bytes in URL-safe base64, what `StorageTool random-uuid` prints; like Kafka's own
 * `Uuid.randomUuid`, never one starting with `-`, which the format command would take for an option.
 */
function randomClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

function serverProperties(port: number, controllerPort: number, logDir: string, partitions: number): string {
  return `process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:${controllerPort}
listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}
advertised.listeners=PLAINTEXT://127.0.0.1:${port}
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=${logDir}
num.partitions=${partitions}
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
`;
}

// Apache Kafka for tests and local runs: one KRaft node (broker + controller) on loopback.
// Its jars come from Maven Central through Maven (`dependency:copy-dependencies` of
// org.apache.kafka:kafka_2.13), cached per machine; Java 17 runs it with a small heap.
// No Docker, no tarball downloads.

import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { acquireLock } from './build-lock.mjs';
import { freePort, launchOnFreePort } from './ports.mjs';
import { launch, makeDataDir } from './processes.mjs';
import { progress, withHeartbeat } from './progress.mjs';
import { cacheRoot } from './tools.mjs';

/** The pinned Kafka: the server artifact whose runtime dependencies make the classpath. */
export const KAFKA = { version: '4.1.1', groupId: 'org.apache.kafka', artifactId: 'kafka_2.13' };

/** Where the Kafka jars live: `<cache>/kafka-<version>/libs`, `.verified` once complete. */
export function kafkaPaths() {
  const dir = path.join(cacheRoot(), `kafka-${KAFKA.version}`);
  return { dir, libs: path.join(dir, 'libs'), stamp: path.join(dir, '.verified'), lock: `${dir}.lock`, log: path.join(cacheRoot(), 'logs', 'kafka.log') };
}

/** Ensures the Kafka jars are in the cache (resolving them with Maven once per machine); returns the libs directory. */
export async function ensureKafka() {
  const p = kafkaPaths();
  for (;;) {
    if (fs.existsSync(p.stamp)) return p.libs;
    const lock = await acquireLock('kafka', p);
    if (!lock) continue; // another process resolved it meanwhile; re-check
    try {
      if (!fs.existsSync(p.stamp)) await resolveJars(p);
    } finally {
      lock.release();
    }
  }
}

async function resolveJars(p) {
  if (spawnSync('mvn', ['-v'], { stdio: 'ignore' }).status !== 0) {
    throw new Error('Kafka for the tests is resolved from Maven Central with Maven: install Maven (mvn) and Java 17+');
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dtool-notify-kafka-pom-'));
  const staging = `${p.libs}.${process.pid}.tmp`;
  fs.rmSync(staging, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(p.log), { recursive: true });
  fs.writeFileSync(path.join(work, 'pom.xml'), `<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dtool-notify</groupId><artifactId>kafka-runtime</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies>
    <dependency><groupId>${KAFKA.groupId}</groupId><artifactId>${KAFKA.artifactId}</artifactId><version>${KAFKA.version}</version></dependency>
  </dependencies>
</project>
`);
  progress(`kafka: resolving ${KAFKA.groupId}:${KAFKA.artifactId}:${KAFKA.version} from Maven Central (log: ${p.log})`);
  try {
    const log = fs.openSync(p.log, 'w');
    const code = await withHeartbeat('kafka: still resolving jars', () => new Promise((resolve) => {
      const child = spawn('mvn', ['-B', 'dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`], { cwd: work, stdio: ['ignore', log, log] });
      child.on('exit', (exitCode) => resolve(exitCode));
      child.on('error', () => resolve(-1));
    }));
    fs.closeSync(log);
    const jar = path.join(staging, `${KAFKA.artifactId}-${KAFKA.version}.jar`);
    if (code !== 0 || !fs.existsSync(jar)) throw new Error(`mvn dependency:copy-dependencies failed (exit ${code}); see ${p.log}`);
    fs.rmSync(p.libs, { recursive: true, force: true });
    fs.renameSync(staging, p.libs);
    fs.writeFileSync(p.stamp, `${new Date().toISOString()} ${fs.readdirSync(p.libs).length} jars\n`);
    progress(`kafka: ${fs.readdirSync(p.libs).length} jars in ${p.libs}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** True when a broker at `host:port` answers a metadata request; never throws. */
export async function isKafkaReady(broker) {
  let admin;
  try {
    const { Admin } = await import('@platformatic/kafka');
    admin = new Admin({ clientId: 'dtool-notify-ready', bootstrapBrokers: [broker], retries: 0, connectTimeout: 1000, timeout: 2000 });
    const metadata = await admin.metadata({ topics: [] });
    return metadata.brokers.size > 0;
  } catch {
    return false;
  } finally {
    await admin?.close().catch(() => {});
  }
}

/**
 * Starts a single-node Kafka (KRaft, combined broker and controller) on loopback. Given the
 * `dataDir` and `port` of an earlier run, it starts that broker again with its topics and
 * offsets (for restart tests); otherwise it formats a fresh one on free ports.
 * @param {{ dataDir?: string, port?: number, controllerPort?: number, heapMb?: number, partitions?: number,
 *           onOutput?: (line: string) => void }} [opts]
 * @returns {Promise<{ brokers: string, port: number, controllerPort: number, dataDir: string, pid: number,
 *           startupMs: number, stop(): Promise<void>, output(): string }>}
 */
export async function startKafka(opts = {}) {
  const libs = await ensureKafka();
  const start = async () => {
    const { dataDir, throwaway } = makeDataDir('dtool-notify-kafka-', opts.dataDir);
    const port = opts.port ?? (await freePort());
    const controllerPort = opts.controllerPort ?? (await freePort());
    const properties = path.join(dataDir, 'server.properties');
    const logDir = path.join(dataDir, 'log');
    fs.writeFileSync(properties, serverProperties({ port, controllerPort, logDir, partitions: opts.partitions ?? 3 }));
    const java = ['-Xmx' + (opts.heapMb ?? 512) + 'm', '-Xms64m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-Djava.awt.headless=true', '-cp', `${libs}/*`];
    if (!fs.existsSync(path.join(logDir, 'meta.properties'))) {
      // A cluster id is 16 random bytes in URL-safe base64, what `StorageTool random-uuid` prints.
      const clusterId = crypto.randomBytes(16).toString('base64url');
      const format = spawnSync('java', [...java, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties], { encoding: 'utf8' });
      if (format.status !== 0) throw new Error(`formatting Kafka storage failed:\n${format.stdout}${format.stderr}`);
    }
    const broker = `127.0.0.1:${port}`;
    const handle = await launch({
      name: 'kafka', cmd: 'java', args: [...java, 'kafka.Kafka', properties], env: process.env, dataDir, throwaway,
      onOutput: opts.onOutput, isReady: () => isKafkaReady(broker),
    });
    return { brokers: broker, port, controllerPort, ...handle };
  };
  return opts.port === undefined ? launchOnFreePort(start) : start();
}

function serverProperties({ port, controllerPort, logDir, partitions }) {
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

#!/usr/bin/env node
// Provisions real MinIO and FerretDB (or mongod) servers for tests and local runs,
// built from source with `go install` and cached per machine, and Apache Kafka (KRaft, one
// node) from Maven Central's jars. No Docker, no binary downloads.
//
//   node scripts/services.mjs install                       build/link the tools, resolve Kafka, exit 0
//   node scripts/services.mjs start minio|ferretdb|kafka [--data-dir DIR]
//                                                            run in the foreground, print JSON
//   node scripts/services.mjs paths                          print cache and link locations
//
// Importable: ensureTools(), ensureKafka(), startMinio(opts), startFerretDb(opts), startKafka(opts) and helpers.
// The parts live in scripts/services/: tools (pins, paths, building), processes, minio, mongo, kafka.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTool, ensureTools } from './services/ensure-tool.mjs';
import { DSERVER_APP, startDserver } from './services/dserver.mjs';
import { ensureKafka, isKafkaReady, kafkaPaths, startKafka } from './services/kafka.mjs';
import { isMinioReady, startMinio } from './services/minio.mjs';
import { isMongoReady, pingMongo, startFerretDb } from './services/mongo.mjs';
import { freePort } from './services/ports.mjs';
import { progress } from './services/progress.mjs';
import { allPaths, cacheRoot, TOOLS, toolPaths } from './services/tools.mjs';

export {
  allPaths, cacheRoot, DSERVER_APP, ensureKafka, ensureTool, ensureTools, freePort, isKafkaReady, isMinioReady, isMongoReady,
  pingMongo, startDserver, startFerretDb, startKafka, startMinio, TOOLS, toolPaths,
};

const USAGE = `usage:
  node scripts/services.mjs install                                       build or reuse MinIO and FerretDB, resolve Kafka
  node scripts/services.mjs start minio|ferretdb|kafka [--data-dir DIR]   run one in the foreground, print JSON
  node scripts/services.mjs paths                                   print cache and link locations`;

function publicInfo(handle) {
  const { stop, output, ...info } = handle;
  return info;
}

async function cliStart(which, args) {
  const i = args.indexOf('--data-dir');
  const dataDir = i >= 0 ? args[i + 1] : undefined;
  const onOutput = (line) => process.stderr.write(`[${which}] ${line}\n`);
  const start = { minio: startMinio, ferretdb: startFerretDb, kafka: startKafka }[which];
  if (!start) throw new Error(`unknown service ${which}\n${USAGE}`);
  const handle = await start({ dataDir, onOutput });
  process.stdout.write(JSON.stringify(publicInfo(handle), null, 2) + '\n');
  progress(`${which} running (pid ${handle.pid}); Ctrl-C to stop`);
  await new Promise((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, resolve);
  });
  await handle.stop();
}

async function main(argv) {
  const [cmd, ...rest] = argv;
  if (cmd === 'install') {
    const [links, kafkaLibs] = await Promise.all([ensureTools(), ensureKafka()]);
    for (const [name, link] of Object.entries(links)) progress(`${name}: ${link} -> ${fs.readlinkSync(link)}`);
    progress(`kafka: ${kafkaLibs}`);
  } else if (cmd === 'start') {
    await cliStart(rest[0], rest.slice(1));
  } else if (cmd === 'paths') {
    process.stdout.write(JSON.stringify({ ...allPaths(), kafka: kafkaPaths() }, null, 2) + '\n');
  } else {
    process.stderr.write(`${USAGE}\n`);
    process.exitCode = cmd === undefined || cmd === 'help' || cmd === '--help' ? 0 : 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((err) => {
    process.stderr.write(`[services] error: ${err.message}\n`);
    process.exit(1);
  });
}

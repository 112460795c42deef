#!/usr/bin/env node
import { VERSION } from '../config/effective-config.js';

const USAGE = `dtool-notify ${VERSION}: keep a dtool lookup server's index in sync with S3 notifications

Usage: dtool-notify <command> [options]

Commands:
  serve                          run the notification service (configured by environment variables;
                                 with DSERVER_NOTIFY_KAFKA_BROKERS set it also consumes from Kafka)
  consume                        consume notifications from Kafka only, as a member of a consumer group
                                 (its listener serves /health, /ready, /metrics and /status only)
  sync <bucket|base-uri>|--all   index every registered dataset of a bucket (or of every configured bucket),
       [--prune] [--dry-run] [--json] [--concurrency <n, default 32>]
                                 or check that the index still matches it; Ctrl-C stops, a rerun continues
  help                           this text

Configuration: see the README's configuration table (DSERVER_NOTIFY_*, DSERVER_NOTIFY_KAFKA_*, SEARCH_MONGO_*, DTOOL_S3_*).`;

// Each command loads only its own modules: `sync` never pays for Koa, Prometheus or the Kafka
// client (loading every command took about 2 s of a short sync's wall time on 2 busy cores).
const commands: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  serve: async () => (await import('./serve-command.js')).runServe(),
  consume: async () => (await import('./consume-command.js')).runConsume(),
  sync: async (args) => (await import('./sync-command.js')).runSync(args),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  const run = commands[command];
  if (run === undefined) {
    process.stderr.write(`dtool-notify: unknown command "${command}"\n\n${USAGE}\n`);
    return 2;
  }
  return run(args);
}

/**
 * The long-running commands end naturally once stopped (so the last log lines are written),
 * but no later than {@link SERVICE_EXIT_GRACE_MS} after: a socket or timer a client library
 * failed to release (a Kafka connection that came back after a failed close) must not keep a
 * stopped service alive until its supervisor kills it. The same holds when start-up or stop
 * fails. Other commands end naturally only.
 */
const SERVICES = new Set(['serve', 'consume']);
const SERVICE_EXIT_GRACE_MS = 2_000;

function exitWith(code: number): void {
  process.exitCode = code;
  if (SERVICES.has(process.argv[2] ?? '')) setTimeout(() => process.exit(code), SERVICE_EXIT_GRACE_MS).unref();
}

main(process.argv.slice(2)).then(exitWith, (error: unknown) => {
  process.stderr.write(`dtool-notify: ${error instanceof Error ? error.message : String(error)}\n`);
  exitWith(1);
});

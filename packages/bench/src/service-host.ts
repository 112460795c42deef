/**
 * The service as `dtool-notify serve` runs it (same configuration from the environment, same
 * composition root, same JSON logger), plus what the upload storm needs to read over IPC:
 * the S3 requests it sent per dataset, its MongoDB writes and when each dataset was indexed.
 */
import { createLogger, readRuntimeConfig, startService } from '@dtool-notify/app';
import type { SyncObservation } from '@dtool-notify/domain';
import { answerOverIpc, readProcessStats, resetProcessStats } from './process-stats.js';
import { createS3RequestTally, type DatasetRequests } from './s3-request-tally.js';

/** What the host reports over IPC. */
export interface HostStats {
  readonly process: ReturnType<typeof readProcessStats>;
  readonly s3: Readonly<Record<string, DatasetRequests>>;
  readonly s3Total: { readonly requests: number; readonly bytesReceived: number };
  readonly mongoWrites: number;
  /** TCP connections the service accepted (MinIO's webhook client keeps them alive). */
  readonly connectionsAccepted: number;
  /** Wall-clock ms of the last request received. */
  readonly receivedLastAt: number;
  /** Dataset URI → wall-clock ms at which its first sync that indexed it committed. */
  readonly indexedAt: Readonly<Record<string, number>>;
  /** Dataset URI → how long that sync took, in ms. */
  readonly indexingMs: Readonly<Record<string, number>>;
}

const config = readRuntimeConfig(process.env);
if (!config.ok) throw new Error(config.problems.join('\n'));
const [bucket] = config.value.s3Connections.keys();
const endpoint = bucket === undefined ? undefined : config.value.s3Connections.get(bucket)?.endpoint;
const tally = createS3RequestTally(endpoint === undefined ? '' : new URL(endpoint).host);
const logger = createLogger(config.value.service.logLevel);
let indexedAt = new Map<string, number>();
let indexingMs = new Map<string, number>();
// The synchronizer reports each sync once it committed: the moment the document is visible.
const onOutcome = (observation: SyncObservation): void => {
  if (!('outcome' in observation) || observation.outcome.outcome !== 'indexed' || indexedAt.has(observation.uri)) return;
  indexedAt.set(observation.uri, performance.timeOrigin + performance.now());
  indexingMs.set(observation.uri, observation.durationMs);
};
const service = await startService(config.value, logger, { onOutcome });
let mongoBaseline = service.index.stats().writes;
let connectionsAccepted = 0;
service.server.on('connection', () => {
  connectionsAccepted += 1;
});
let receivedLastAt = 0;
service.server.on('request', () => {
  receivedLastAt = performance.timeOrigin + performance.now();
});

answerOverIpc(
  (collectGarbage): HostStats => ({
    process: readProcessStats(collectGarbage),
    s3: tally.byDataset(),
    s3Total: service.reader.stats(),
    mongoWrites: service.index.stats().writes - mongoBaseline,
    connectionsAccepted,
    receivedLastAt,
    indexedAt: Object.fromEntries(indexedAt),
    indexingMs: Object.fromEntries(indexingMs),
  }),
  () => {
    resetProcessStats();
    tally.reset();
    service.reader.resetStats();
    mongoBaseline = service.index.stats().writes;
    connectionsAccepted = 0;
    indexedAt = new Map();
    indexingMs = new Map();
  },
);
process.once('SIGTERM', () => {
  void service.stop().then(() => process.exit(0));
});

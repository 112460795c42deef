import type { Consumer, Message, MessagesStream } from '@platformatic/kafka';
import type { BaseUriOf, Logger, NotificationLimits, RecordOutcome, Synchronizer } from '@dtool-notify/domain';
import { applyMessage, type ApplyMessageDependencies, type MessageVerdict } from '../messages/apply-message.js';
import { createPartitionProgress, type TopicPartition, type WorkTicket } from '../offsets/partition-progress.js';
import type { KafkaSettings } from '../settings/kafka-settings.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { clientOptionsOf } from './client-options.js';
import type { ConsumerCounters, ConsumerState, ConsumerStatus, PartitionLag } from './consumer-status.js';
import { createDeadLetterPublisher } from './dead-letter.js';
import { createLagProbe } from './partition-lag.js';
import { closeConsumer, errorText, sleep, STOP_STEP_TIMEOUT_MS, withTimeout } from './waiting.js';

/** Options of {@link createKafkaNotificationConsumer}. */
export interface KafkaConsumerOptions {
  readonly settings: KafkaSettings;
  readonly synchronizer: Synchronizer;
  readonly baseUriOf: BaseUriOf;
  readonly logger: Logger;
  readonly limits?: NotificationLimits;
  /** Told each message's record outcomes, as the HTTP routes tell it theirs. */
  readonly observer?: ApplyMessageDependencies['observer'];
  /** Messages worked on at once; fetching pauses above it (default 512). */
  readonly maxInFlight?: number;
  /** How often finished work is committed (default 500 ms). */
  readonly commitIntervalMs?: number;
  /** How long a dead consumer keeps its partitions before the group moves them (default 10 s). */
  readonly sessionTimeoutMs?: number;
  readonly backoff?: BackoffOptions;
}

/** The Kafka driving adapter: consumes bucket notifications as a consumer group member. */
export interface KafkaNotificationConsumer {
  /** Joins the group and starts consuming; connection failures are retried in the background. */
  start(): void;
  status(): ConsumerStatus;
  /** How far the group is behind on each partition assigned to this member, read from the brokers (`[]` when they do not answer). */
  lag(): Promise<readonly PartitionLag[]>;
  /** Stops fetching, lets work in flight finish (abandoning retries), commits what finished and leaves the group. */
  stop(): Promise<void>;
}

/**
 * Consumes the configured topics at least once: a message's offset is committed only when
 * its work and that of every earlier message of its partition has finished. A transient
 * failure (index or storage unavailable) pauses fetching and retries the message with
 * backoff; a permanent one is logged, counted, sent to the dead-letter topic when one is
 * configured, and the partition moves on.
 */
export function createKafkaNotificationConsumer(options: KafkaConsumerOptions): KafkaNotificationConsumer {
  const { settings, logger } = options;
  const maxInFlight = options.maxInFlight ?? 512;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const clientOptions = clientOptionsOf(settings);
  const deadLetters = settings.deadLetterTopic === undefined ? undefined : createDeadLetterPublisher(settings.deadLetterTopic, clientOptions);
  const dependencies: ApplyMessageDependencies = {
    synchronizer: options.synchronizer,
    baseUriOf: options.baseUriOf,
    ...(options.limits === undefined ? {} : { limits: options.limits }),
    ...(options.observer === undefined ? {} : { observer: options.observer }),
  };
  const progress = createPartitionProgress();
  const counters: ConsumerCounters = { messages: 0, records: 0, permanentFailures: 0, deadLettered: 0, retries: 0, commits: 0, rebalances: 0 };
  const stopController = new AbortController();
  let state: ConsumerState = 'starting';
  let detail = 'connecting to the brokers';
  let consumer: Consumer | undefined;
  let stream: MessagesStream<Buffer, Buffer, Buffer, Buffer> | undefined;
  let inFlight = 0;
  let retrying = 0;
  let paused = false;
  let assignment: readonly TopicPartition[] = [];
  let whenIdle: (() => void) | undefined;
  let commitTimer: NodeJS.Timeout | undefined;
  let committing: Promise<void> | undefined;
  let running: Promise<void> | undefined;

  const stopping = (): boolean => stopController.signal.aborted;

  const updateFlow = (): void => {
    const shouldPause = stopping() || retrying > 0 || inFlight >= maxInFlight;
    if (stream === undefined || shouldPause === paused) return;
    paused = shouldPause;
    if (shouldPause) stream.pause();
    else stream.resume();
  };

  const setState = (next: ConsumerState, why: string): void => {
    if (state === next && detail === why) return;
    state = next;
    detail = why;
    logger.info({ event: 'kafka-consumer', state, detail }, `Kafka consumer ${state}`);
  };

  const logOutcomes = (message: Message<Buffer, Buffer, Buffer, Buffer>, records: readonly RecordOutcome[], durationMs: number): void => {
    for (const record of records) {
      const fields = { event: 'record', source: 'kafka', topic: message.topic, partition: message.partition, offset: String(message.offset),
        key: record.key, uri: 'uri' in record ? record.uri : undefined, outcome: record.outcome,
        reason: 'reason' in record ? record.reason : undefined, durationMs };
      if (record.outcome === 'ignored') logger.debug(fields, 'record ignored');
      else if (record.outcome === 'failed') logger.warn({ ...fields, code: record.code }, 'record failed');
      else logger.info(fields, `record ${record.outcome}`);
    }
  };

  /** Settles a permanent failure: true when the partition may move past the message. */
  const settlePermanent = async (message: Message<Buffer, Buffer, Buffer, Buffer>, verdict: MessageVerdict & { kind: 'permanent' }): Promise<boolean> => {
    const origin = { topic: message.topic, partition: message.partition, offset: String(message.offset) };
    if (deadLetters === undefined) {
      counters.permanentFailures += 1;
      logger.warn({ event: 'message-failed', ...origin, reason: verdict.reason }, 'message can never be applied; moving on');
      return true;
    }
    try {
      await deadLetters.publish({ ...origin, offset: message.offset, key: message.key, value: message.value, reason: verdict.reason });
    } catch (error) {
      logger.warn({ event: 'dead-letter-failed', ...origin, error: errorText(error) }, 'could not publish to the dead-letter topic; will retry');
      return false;
    }
    counters.permanentFailures += 1;
    counters.deadLettered += 1;
    logger.warn({ event: 'message-dead-lettered', ...origin, deadLetterTopic: settings.deadLetterTopic, reason: verdict.reason }, 'message can never be applied; sent to the dead-letter topic');
    return true;
  };

  /** Works on one message until it is done (true) or abandoned on stop or revocation (false). */
  const work = async (message: Message<Buffer, Buffer, Buffer, Buffer>): Promise<boolean> => {
    for (let attempt = 1; ; attempt += 1) {
      const started = performance.now();
      const verdict = await applyMessage(message.value, dependencies);
      logOutcomes(message, verdict.records, Math.round(performance.now() - started));
      if (verdict.kind === 'done' || (verdict.kind === 'permanent' && (await settlePermanent(message, verdict)))) {
        counters.messages += 1;
        counters.records += verdict.records.length;
        return true;
      }
      if (stopping() || !progress.isAssigned(message)) return false;
      counters.retries += 1;
      retrying += 1;
      updateFlow();
      if (retrying === 1) setState('retrying', 'the index or the storage is unavailable; fetching paused, retrying');
      try {
        await sleep(backoffDelay(attempt, backoff), stopController.signal);
      } finally {
        retrying -= 1;
        if (retrying === 0 && !stopping()) setState('consuming', describeAssignment());
        updateFlow();
      }
      if (stopping() || !progress.isAssigned(message)) return false;
    }
  };

  const onMessage = (message: Message<Buffer, Buffer, Buffer, Buffer>): void => {
    if (stopping()) return;
    const ticket = progress.begin(message, message.offset);
    if (ticket === undefined) return;
    inFlight += 1;
    updateFlow();
    void settle(message, ticket);
  };

  const settle = async (message: Message<Buffer, Buffer, Buffer, Buffer>, ticket: WorkTicket): Promise<void> => {
    try {
      if (await work(message)) ticket.complete();
    } finally {
      inFlight -= 1;
      updateFlow();
      if (inFlight === 0) whenIdle?.();
    }
  };

  const commit = (): Promise<void> =>
    (committing ??= (async () => {
      const offsets = progress.committable();
      if (offsets.length === 0 || consumer === undefined) return;
      try {
        await consumer.commit({ offsets: offsets.map((offset) => ({ ...offset, leaderEpoch: -1 })) });
        progress.committed(offsets);
        counters.commits += 1;
      } catch (error) {
        // A rebalance in progress or a broker away: the same offsets are committed next time.
        logger.debug({ event: 'kafka-commit-failed', error: errorText(error) }, 'commit failed; will retry');
      }
    })().finally(() => {
      committing = undefined;
    }));

  const describeAssignment = (): string =>
    `group ${settings.groupId}: ${assignment.length} partition(s) of ${settings.topics.join(', ')} assigned`;

  const onAssignment = (assignments: readonly { topic: string; partitions: readonly number[] }[]): void => {
    const partitions: TopicPartition[] = assignments.flatMap(({ topic, partitions: numbers }) => numbers.map((partition) => ({ topic, partition })));
    progress.assign(partitions);
    assignment = partitions;
    counters.rebalances += 1;
    logger.info({ event: 'kafka-assignment', groupId: settings.groupId, partitions: partitions.map(({ topic, partition }) => `${topic}/${partition}`) }, 'partitions assigned');
    if (retrying === 0 && !stopping() && partitions.length > 0) setState('consuming', describeAssignment());
  };

  /** One connection's life: join, consume until the stream fails or stop is asked. */
  const consumeOnce = async (): Promise<void> => {
    // Loaded on first use: importing the client takes 1.5-2 s here, which every process that
    // only reads the Kafka settings (`dtool-notify sync`, `serve` without Kafka) would pay.
    const { Consumer } = await import('@platformatic/kafka');
    consumer = new Consumer({
      ...clientOptions,
      groupId: settings.groupId,
      maxWaitTime: 500,
      // At most 1 MiB per fetch (about 1,000 notifications, twice the in-flight cap): the
      // library's 10 MiB per partition only buffered messages waiting behind that cap (peak RSS
      // draining a backlog: 239-285 MB with it, 218-227 MB with this). Kafka still returns a
      // larger single message whole.
      maxBytes: 1_048_576,
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: Math.min(1_000, Math.floor((options.sessionTimeoutMs ?? 10_000) / 3)),
    });
    consumer.on('consumer:group:join', (payload: { assignments?: readonly { topic: string; partitions: readonly number[] }[] }) => onAssignment(payload.assignments ?? []));
    consumer.on('consumer:group:leave', () => onAssignment([]));
    try {
      const current = await consumer.consume({ topics: [...settings.topics], mode: 'committed', fallbackMode: 'earliest', autocommit: false });
      stream = current;
      paused = false;
      updateFlow();
      await new Promise<void>((resolve) => {
        current.on('data', onMessage);
        current.once('error', (error: Error) => {
          logger.warn({ event: 'kafka-stream-failed', error: errorText(error) }, 'Kafka stream failed; reconnecting');
          resolve();
        });
        current.once('close', () => resolve());
        // Stop may have been asked while joining the group: an aborted signal fires no more events.
        if (stopping()) resolve();
        else stopController.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      const closing = consumer;
      stream = undefined;
      if (!stopping()) {
        setState('reconnecting', 'the connection to the brokers was lost');
        // Work in flight for partitions that may move is not committed past (they are forgotten).
        onAssignment([]);
        consumer = undefined;
        await closeConsumer(closing);
      }
    }
  };

  const run = async (): Promise<void> => {
    for (let attempt = 1; !stopping(); attempt += 1) {
      try {
        await consumeOnce();
        attempt = 0;
      } catch (error) {
        if (!stopping()) setState('reconnecting', `cannot consume: ${errorText(error)}`);
      }
      if (!stopping()) {
        await sleep(backoffDelay(Math.max(1, attempt), { initialMs: 500, maxMs: 5_000 }), stopController.signal).catch(() => undefined);
      }
    }
  };

  return {
    start() {
      if (running !== undefined) return;
      commitTimer = setInterval(() => void commit(), options.commitIntervalMs ?? 500);
      running = run();
    },
    status: () => ({ state, detail, assignedPartitions: assignment.length, partitions: assignment, inFlight, counters: { ...counters } }),
    lag: createLagProbe(() => ({ consumer, partitions: assignment })),
    async stop() {
      if (stopping()) return;
      setState('stopping', 'finishing work in flight');
      stopController.abort();
      updateFlow();
      clearInterval(commitTimer);
      // Work still running after this is abandoned: it is not committed, so it is redelivered.
      if (inFlight > 0) await withTimeout(new Promise<void>((resolve) => (whenIdle = resolve)), STOP_STEP_TIMEOUT_MS);
      // A broker that does not answer must not hold the shutdown: what is not committed is redelivered.
      await withTimeout(running, STOP_STEP_TIMEOUT_MS);
      await withTimeout(committing, STOP_STEP_TIMEOUT_MS);
      await withTimeout(commit(), STOP_STEP_TIMEOUT_MS);
      if (consumer !== undefined) {
        const error = await withTimeout(closeConsumer(consumer), STOP_STEP_TIMEOUT_MS);
        if (error !== undefined) logger.warn({ event: 'kafka-close-failed', error: errorText(error) }, 'leaving the group failed');
      }
      await withTimeout(deadLetters?.close().catch(() => undefined), STOP_STEP_TIMEOUT_MS);
      setState('stopped', 'stopped');
    },
  };
}

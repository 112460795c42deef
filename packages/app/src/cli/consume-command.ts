import { readRuntimeConfig } from '../config/runtime-config.js';
import { createLogger } from '../compose/create-logger.js';
import { startService } from '../compose/create-service.js';
import { printConfigProblems } from './usage-error.js';

/**
 * `dtool-notify consume`: consumes bucket notifications from Kafka only, as a member of the
 * consumer group; run several for more throughput. It is the service of `serve` without the
 * HTTP notify routes: its listener (`DSERVER_NOTIFY_HOST`/`_PORT`) serves `/health`, `/ready`,
 * `/metrics` and `/status` only. On SIGTERM or SIGINT it stops fetching, finishes the work in
 * flight, commits it, leaves the group and exits 0.
 */
export async function runConsume(): Promise<number> {
  const config = readRuntimeConfig(process.env);
  const problems = config.ok ? [] : [...config.problems];
  if (config.ok && config.value.kafka === undefined) {
    problems.push('DSERVER_NOTIFY_KAFKA_BROKERS and DSERVER_NOTIFY_KAFKA_TOPICS are not set: "consume" reads notifications from Kafka only');
  }
  if (!config.ok || config.value.kafka === undefined) {
    printConfigProblems(problems);
    return 2;
  }
  const { service, kafka } = config.value;
  const logger = createLogger(service.logLevel);
  const signal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  const running = await startService(config.value, logger, {}, { takes: 'consume' });
  logger.info({ event: 'consuming', brokers: kafka.brokers, topics: kafka.topics, groupId: kafka.groupId }, 'dtool-notify is consuming from Kafka');
  const received = await signal;
  logger.info({ event: 'shutdown', signal: received }, 'finishing work in flight before exit');
  await running.stop();
  return 0;
}

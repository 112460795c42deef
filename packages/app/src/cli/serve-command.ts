import { readRuntimeConfig } from '../config/runtime-config.js';
import { createLogger } from '../compose/create-logger.js';
import { startService } from '../compose/create-service.js';
import { printConfigProblems } from './usage-error.js';

/**
 * `dtool-notify serve`: runs until SIGTERM or SIGINT, then stops taking requests, lets
 * in-flight syncs finish and exits 0.
 */
export async function runServe(): Promise<number> {
  const config = readRuntimeConfig(process.env);
  if (!config.ok) {
    printConfigProblems(config.problems);
    return 2;
  }
  const logger = createLogger(config.value.service.logLevel);
  const service = await startService(config.value, logger);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  logger.info({ event: 'shutdown', signal }, 'finishing in-flight syncs before exit');
  await service.stop();
  return 0;
}

import { pino, type Logger as PinoLogger } from 'pino';
import type { Logger } from '@dtool-notify/domain';

/**
 * JSON logs, one line per event. Known secret-bearing fields are censored wherever they
 * appear, as a second line of defence behind code that never logs them.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger & { readonly pino: PinoLogger } {
  const options = {
    level,
    base: { service: 'dtool-notify' },
    redact: {
      paths: ['authorization', '*.authorization', 'headers.authorization', 'token', '*.token', 'secretAccessKey', '*.secretAccessKey', 'password', '*.password'],
      censor: '[redacted]',
    },
  };
  const logger = destination === undefined ? pino(options) : pino(options, destination);
  return {
    pino: logger,
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
}

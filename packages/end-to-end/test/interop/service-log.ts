import type { Logger } from '@dtool-notify/domain';

/** A logger for the service under test that keeps the failures it logs, to show or to check. */
export interface RecordingLogger extends Logger {
  readonly problems: readonly string[];
}

/**
 * Records errors, and warnings except retryable ones (a busy machine may time a request out
 * and retry it), as one line each; drops the rest.
 */
export function createRecordingLogger(): RecordingLogger {
  const problems: string[] = [];
  const record = (level: string) => (fields: Readonly<Record<string, unknown>>, message: string) => {
    if (level === 'warn' && fields.code === 'retryable') return;
    problems.push(`${level}: ${message} ${JSON.stringify(fields)}`);
  };
  return { problems, debug: () => undefined, info: () => undefined, warn: record('warn'), error: record('error') };
}

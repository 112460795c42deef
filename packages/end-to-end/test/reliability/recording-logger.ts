import type { Logger } from '@dtool-notify/domain';

/** One log call. */
export interface LogEntry {
  readonly level: 'debug' | 'info' | 'warn' | 'error';
  readonly fields: Readonly<Record<string, unknown>>;
  readonly message: string;
}

/** A logger that keeps what the service logs, to see what senders were answered. */
export interface RecordingLogger extends Logger {
  readonly entries: readonly LogEntry[];
  /** Notifications (POST /webhook/notify…) answered with `status` so far. */
  notificationsAnswered(status: number): number;
}

/** Creates a {@link RecordingLogger} (bounded: it keeps the last 20,000 entries). */
export function createRecordingLogger(): RecordingLogger {
  const entries: LogEntry[] = [];
  const record = (level: LogEntry['level']) => (fields: Readonly<Record<string, unknown>>, message: string) => {
    entries.push({ level, fields, message });
    if (entries.length > 20_000) entries.shift();
  };
  return {
    entries,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
    notificationsAnswered: (status) =>
      entries.filter(
        ({ fields }) =>
          fields.event === 'request' && fields.method === 'POST' && String(fields.path).startsWith('/webhook/notify') && fields.status === status,
      ).length,
  };
}

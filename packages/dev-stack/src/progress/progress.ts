// The one progress reporter of the dev tooling: lines on stderr, so stdout stays free for JSON.

const HEARTBEAT_MS = 15_000;

/** Writes progress lines tagged with what is being provisioned (`[minio] …`). */
export interface Progress {
  (message: string): void;
  /** Runs `work` while writing "<label> (<elapsed> elapsed)" every 15 s. */
  withHeartbeat<T>(label: string, work: () => Promise<T>): Promise<T>;
}

/** A {@link Progress} whose lines start with `[tag]`. */
export function createProgress(tag: string, stream: NodeJS.WritableStream = process.stderr): Progress {
  const report = (message: string): void => {
    stream.write(`[${tag}] ${message}\n`);
  };
  return Object.assign(report, {
    async withHeartbeat<T>(label: string, work: () => Promise<T>): Promise<T> {
      const started = Date.now();
      const timer = setInterval(() => report(`${label} (${formatElapsed(Date.now() - started)} elapsed)`), HEARTBEAT_MS);
      try {
        return await work();
      } finally {
        clearInterval(timer);
      }
    },
  });
}

/** Formats a duration as `42s` or `3m07s`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

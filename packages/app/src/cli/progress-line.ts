/** A one-line progress counter on a terminal; silent when the stream is not a TTY. */
export interface ProgressLine {
  tick(label: string): void;
  done(): void;
}

/** Options of {@link createProgressLine}. */
export interface ProgressLineOptions {
  readonly now?: () => number;
}

/**
 * Creates a {@link ProgressLine} that redraws at most ten times a second:
 * `[1234] 61.2/s s3://b/<uuid> added`. On anything but a terminal (a pipe, a log file, `--json`
 * captured by a script) it writes nothing.
 */
export function createProgressLine(stream: NodeJS.WriteStream, options: ProgressLineOptions = {}): ProgressLine {
  const now = options.now ?? Date.now;
  const startedAt = now();
  let count = 0;
  let lastDraw = 0;
  const draw = (label: string, at: number): void => {
    const columns = stream.columns ?? 80;
    const seconds = (at - startedAt) / 1000;
    const rate = seconds > 0 ? `${(count / seconds).toFixed(1)}/s` : '';
    stream.write(`\r${`[${count}] ${rate} ${label}`.slice(0, columns - 1).padEnd(columns - 1)}`);
  };
  return {
    tick(label) {
      count += 1;
      if (stream.isTTY !== true) return;
      const at = now();
      if (at - lastDraw < 100) return;
      lastDraw = at;
      draw(label, at);
    },
    done() {
      if (stream.isTTY === true && count > 0) stream.write(`\r${' '.repeat((stream.columns ?? 80) - 1)}\r`);
    },
  };
}

/** A one-line progress counter on a terminal; silent when the stream is not a TTY. */
export interface ProgressLine {
  tick(label: string): void;
  done(): void;
}

/** Creates a {@link ProgressLine} that redraws at most ten times a second. */
export function createProgressLine(stream: NodeJS.WriteStream): ProgressLine {
  let count = 0;
  let lastDraw = 0;
  const draw = (label: string): void => {
    const columns = stream.columns ?? 80;
    stream.write(`\r${`[${count}] ${label}`.slice(0, columns - 1).padEnd(columns - 1)}`);
  };
  return {
    tick(label) {
      count += 1;
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - lastDraw < 100) return;
      lastDraw = now;
      draw(label);
    },
    done() {
      if (stream.isTTY && count > 0) stream.write(`\r${' '.repeat((stream.columns ?? 80) - 1)}\r`);
    },
  };
}

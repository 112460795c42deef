import type { ReconcileChange } from '@dtool-notify/domain';

/** A one-line progress display of a sync on a terminal; silent when the stream is not a TTY. */
export interface ProgressLine {
  /** The number of datasets to expect, when known. */
  total(count: number): void;
  tick(change: ReconcileChange): void;
  /** Clears the line (before the summary is printed). */
  done(): void;
}

/** Options of {@link createProgressLine}. */
export interface ProgressLineOptions {
  /** Shown first, e.g. the base URI. */
  readonly label: string;
  readonly now?: () => number;
}

/**
 * Creates a {@link ProgressLine} that redraws at most ten times a second:
 * `s3://b  1,234/5,000 24.7%  61.2/s  ETA 1m02s  1,200 added, 0 updated, 30 unchanged, 0 removed, 4 failed`.
 */
export function createProgressLine(stream: NodeJS.WriteStream, options: ProgressLineOptions): ProgressLine {
  const now = options.now ?? Date.now;
  const startedAt = now();
  const counts: Record<ReconcileChange, number> = { added: 0, updated: 0, unchanged: 0, removed: 0, 'not-a-dataset': 0, failed: 0 };
  let expected: number | undefined;
  let lastDraw = 0;
  let drawn = false;
  // A pseudo-terminal may report 0 columns (e.g. under `script`): then assume 80.
  const width = (): number => Math.max(40, stream.columns || 80) - 1;
  const draw = (): void => {
    stream.write(`\r${describeProgress(options.label, counts, expected, now() - startedAt).slice(0, width()).padEnd(width())}`);
    drawn = true;
  };
  const redraw = (): void => {
    if (stream.isTTY !== true) return;
    const at = now();
    if (at - lastDraw < 100) return;
    lastDraw = at;
    draw();
  };
  return {
    total(count) {
      expected = count;
      redraw();
    },
    tick(change) {
      counts[change] += 1;
      redraw();
    },
    done() {
      if (drawn) stream.write(`\r${' '.repeat(width())}\r`);
    },
  };
}

/** The text of the progress line (exported for its test). */
export function describeProgress(label: string, counts: Readonly<Record<ReconcileChange, number>>, total: number | undefined, elapsedMs: number): string {
  const done = Object.values(counts).reduce((sum, count) => sum + count, 0);
  const rate = elapsedMs > 0 ? (done * 1000) / elapsedMs : 0;
  const number = (value: number): string => value.toLocaleString('en-US');
  const parts = [label];
  if (total === undefined) parts.push(`${number(done)} datasets`);
  else {
    // Pruned entries come on top of the registered datasets: the bar never runs past 100%.
    const shown = Math.min(done, total);
    parts.push(`${number(shown)}/${number(total)} ${total === 0 ? '100.0' : ((shown * 100) / total).toFixed(1)}%`);
  }
  parts.push(`${rate.toFixed(1)}/s`);
  if (total !== undefined && rate > 0 && done < total) parts.push(`ETA ${duration((total - done) / rate)}`);
  parts.push(
    `${number(counts.added)} added, ${number(counts.updated)} updated, ${number(counts.unchanged)} unchanged, ` +
      `${number(counts.removed)} removed, ${number(counts.failed)} failed`,
  );
  return parts.join('  ');
}

function duration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) return `${minutes}m${String(whole % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

import { percentile } from '@dtool-notify/dev-stack';

/** One line of the benchmark's table. */
export interface Figure {
  readonly scenario: string;
  readonly figure: string;
  readonly value: number;
  readonly unit: string;
  /** e.g. `≤ 100`; absent for a figure without a target. */
  readonly target?: string;
  readonly pass?: boolean;
}

/** A figure, with a target when `bound` is given. */
export function figure(
  scenario: string,
  name: string,
  value: number,
  unit: string,
  bound?: { readonly atMost?: number; readonly atLeast?: number },
): Figure {
  const base = { scenario, figure: name, value: round(value), unit };
  if (bound?.atMost !== undefined) return { ...base, target: `≤ ${round(bound.atMost)}`, pass: value <= bound.atMost };
  if (bound?.atLeast !== undefined) return { ...base, target: `≥ ${round(bound.atLeast)}`, pass: value >= bound.atLeast };
  return base;
}

/** The middle value (the lower of the two middles for an even count). */
export function median(values: readonly number[]): number {
  return percentile(values, 0.5);
}

function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return Number(value.toFixed(digits));
}

/** The figures as one aligned plain-text table. */
export function formatTable(figures: readonly Figure[]): string {
  const header = ['scenario', 'figure', 'value', 'unit', 'target', 'result'];
  const rows = figures.map((line) => [
    line.scenario,
    line.figure,
    String(line.value),
    line.unit,
    line.target ?? '',
    line.pass === undefined ? '' : line.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: readonly string[]): string =>
    row.map((cell, column) => (column === 2 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join(' | ').trimEnd();
  const rule = widths.map((width) => '-'.repeat(width)).join('-|-');
  return [format(header), rule, ...rows.map(format)].join('\n');
}

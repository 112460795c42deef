/** Prints a scenario's measured figures on one line, so a run documents downtime, delays and memory. */
export function reportFigures(scenario: string, figures: Readonly<Record<string, number | string>>): void {
  process.stdout.write(`[reliability] ${scenario}: ${JSON.stringify(figures)}\n`);
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import { Counter, type Registry } from 'prom-client';

/** Options of {@link createTallyCounter}: a counter with exactly two labels. */
export interface TallyCounterOptions {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly [string, string];
  readonly registers: Registry[];
}

interface Tally {
  count: number;
  published: number;
}

/**
 * A two-label counter for the per-request path: counting is one Map look-up and an add; the
 * counts reach prom-client when it collects (at scrape time). prom-client's own `inc` hashes
 * the label object on every call, which the ignorable-event flood measured as a cost.
 */
export function createTallyCounter(options: TallyCounterOptions): (first: string, second: string) => void {
  const tallies = new Map<string, Map<string, Tally>>();
  const [firstLabel, secondLabel] = options.labelNames;
  new Counter({
    name: options.name,
    help: options.help,
    labelNames: options.labelNames,
    registers: options.registers,
    collect() {
      for (const [first, bySecond] of tallies) {
        for (const [second, tally] of bySecond) {
          if (tally.count === tally.published) continue;
          this.inc({ [firstLabel]: first, [secondLabel]: second }, tally.count - tally.published);
          tally.published = tally.count;
        }
      }
    },
  });
  return (first, second) => {
    let bySecond = tallies.get(first);
    if (bySecond === undefined) {
      bySecond = new Map();
      tallies.set(first, bySecond);
    }
    const tally = bySecond.get(second);
    if (tally === undefined) bySecond.set(second, { count: 1, published: 0 });
    else tally.count += 1;
  };
}

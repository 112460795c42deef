import fc from 'fast-check';

/** One change made to a dataset after its upload, as dtool's commands make it. */
export type HistoryStep =
  | { readonly kind: 'tag' | 'untag'; readonly tag: string }
  | { readonly kind: 'readme'; readonly text: string }
  | { readonly kind: 'annotate'; readonly name: string; readonly value: number }
  | { readonly kind: 'delete' };

/** What happens to one dataset: uploaded, then changed step by step, maybe deleted at the end. */
export interface DatasetHistory {
  readonly uuid: string;
  readonly prefix: string;
  /** The tags of the upload. */
  readonly tags: readonly string[];
  /** `false`: the upload stops before the manifest (a protodataset, never indexed). */
  readonly frozen: boolean;
  readonly steps: readonly HistoryStep[];
  /** `pausesMs[n]`: the wait before step `n` (empty: none, the steps follow at once). */
  readonly pausesMs: readonly number[];
}

/** Options of {@link datasetHistoryArbitrary}. */
export interface DatasetHistoryOptions {
  /** Wait up to this long before each step, as people and scripts do (default 0: no waits). */
  readonly maxPauseMs?: number;
  /** Let one upload in five stop before the manifest (`frozen: false`; default: every upload completes). */
  readonly protodatasets?: boolean;
}

const TAGS = ['raw', 'qc', 'final'] as const;
/** Up to four changes and a deletion. */
const MAX_STEPS = 5;

const stepArbitrary: fc.Arbitrary<HistoryStep> = fc.oneof(
  fc.record({ kind: fc.constantFrom('tag' as const, 'untag' as const), tag: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('readme' as const), text: fc.constantFrom('', 'a: 1\n', '---\nstage: two\n', 'not: [valid yaml\n') }),
  fc.record({ kind: fc.constant('annotate' as const), name: fc.constantFrom('owner', 'run'), value: fc.integer({ min: 0, max: 99 }) }),
);

/** Random dataset histories: a few tag, README and annotation changes, and sometimes a deletion at the end. */
export function datasetHistoryArbitrary(options: DatasetHistoryOptions = {}): fc.Arbitrary<DatasetHistory> {
  const maxPauseMs = options.maxPauseMs ?? 0;
  return fc
    .record({
      uuid: fc.uuid({ version: 4 }),
      prefix: fc.constantFrom('', 'u/alice/', 'u/bob/'),
      tags: fc.subarray([...TAGS]),
      // Constants draw nothing from the random source, so each option leaves the others' histories unchanged.
      frozen:
        options.protodatasets === true
          ? fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 })
          : fc.constant(true),
      steps: fc.array(stepArbitrary, { maxLength: MAX_STEPS - 1 }),
      deleted: fc.boolean(),
      pausesMs:
        maxPauseMs > 0
          ? fc.array(fc.integer({ min: 0, max: maxPauseMs }), { minLength: MAX_STEPS, maxLength: MAX_STEPS })
          : fc.constant([]),
    })
    .map(({ deleted, steps, ...rest }) => ({ ...rest, steps: deleted ? [...steps, { kind: 'delete' as const }] : steps }));
}

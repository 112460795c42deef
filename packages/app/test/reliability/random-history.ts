import fc from 'fast-check';
import {
  annotationObject,
  buildDataset,
  datasetKeys,
  readmeObject,
  tagObject,
  writeDataset,
  type BuiltDataset,
  type DatasetStorage,
} from '@dtool-notify/testkit';
import { sleep } from './figures.js';

/** One change made to a dataset after its upload, as dtool's commands make them. */
export type HistoryStep =
  | { readonly kind: 'tag' | 'untag'; readonly tag: string }
  | { readonly kind: 'readme'; readonly text: string }
  | { readonly kind: 'annotate'; readonly name: string; readonly value: number }
  | { readonly kind: 'delete' };

/** What happens to one dataset: uploaded, then changed step by step, with pauses between steps. */
export interface DatasetHistory {
  readonly uuid: string;
  readonly prefix: string;
  readonly tags: readonly string[];
  readonly steps: readonly HistoryStep[];
  readonly pausesMs: readonly number[];
}

const TAGS = ['raw', 'qc', 'final'] as const;

const stepArbitrary: fc.Arbitrary<HistoryStep> = fc.oneof(
  fc.record({ kind: fc.constantFrom('tag' as const, 'untag' as const), tag: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('readme' as const), text: fc.constantFrom('', 'a: 1\n', '---\nstage: two\n', 'not: [valid yaml\n') }),
  fc.record({ kind: fc.constant('annotate' as const), name: fc.constantFrom('owner', 'run'), value: fc.integer({ min: 0, max: 99 }) }),
);

/** A dataset's history: a few changes, and sometimes a deletion at the end. */
export const datasetHistoryArbitrary: fc.Arbitrary<DatasetHistory> = fc
  .record({
    uuid: fc.uuid({ version: 4 }),
    prefix: fc.constantFrom('', 'u/alice/', 'u/bob/'),
    tags: fc.subarray([...TAGS]),
    steps: fc.array(stepArbitrary, { maxLength: 4 }),
    deleted: fc.boolean(),
    pausesMs: fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 5, maxLength: 5 }),
  })
  .map(({ deleted, steps, ...rest }) => ({ ...rest, steps: deleted ? [...steps, { kind: 'delete' as const }] : steps }));

/** The dataset a history starts from (3 items, its initial tags). */
export function datasetOf(history: DatasetHistory, bucket: string): BuiltDataset {
  return buildDataset({ bucket, uuid: history.uuid, prefix: history.prefix, items: 3, tags: history.tags });
}

/** Uploads the dataset as `dtool copy` does, then applies each step, pausing between them. */
export async function runHistory(storage: DatasetStorage, dataset: BuiltDataset, history: DatasetHistory): Promise<void> {
  await writeDataset(storage, dataset, { concurrency: 2 });
  const written = new Set(datasetKeys(dataset));
  for (const [position, step] of history.steps.entries()) {
    await sleep(history.pausesMs[position] ?? 0);
    if (step.kind === 'delete') {
      for (const key of written) await storage.delete(key);
      continue;
    }
    const object =
      step.kind === 'readme'
        ? readmeObject(dataset, step.text)
        : step.kind === 'annotate'
          ? annotationObject(dataset, step.name, step.value)
          : tagObject(dataset, step.tag);
    if (step.kind === 'untag') {
      await storage.delete(object.key);
      written.delete(object.key);
    } else {
      await storage.put(object);
      written.add(object.key);
    }
  }
}

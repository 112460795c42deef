import fc from 'fast-check';
import {
  annotationObject,
  buildDataset,
  datasetKeys,
  expectedDocument,
  readmeObject,
  tagObject,
  writeDataset,
  type BuiltDataset,
  type DatasetObject,
  type DatasetStorage,
} from '@dtool-notify/testkit';
import type { DatasetDocument } from '@dtool-notify/domain';

const TAGS = ['raw', 'qc', 'final'] as const;

/** One change made to a dataset after its upload, as dtool's commands make it. */
export type HistoryStep =
  | { readonly kind: 'tag' | 'untag'; readonly tag: string }
  | { readonly kind: 'readme'; readonly text: string }
  | { readonly kind: 'annotate'; readonly name: string; readonly value: number }
  | { readonly kind: 'delete' };

/** What happens to one dataset: uploaded, then changed step by step, maybe deleted at the end. */
export interface History {
  readonly uuid: string;
  readonly prefix: string;
  readonly tags: readonly string[];
  /** `false`: the upload stops before the manifest (a protodataset, never indexed). */
  readonly frozen: boolean;
  readonly steps: readonly HistoryStep[];
}

const stepArbitrary: fc.Arbitrary<HistoryStep> = fc.oneof(
  fc.record({ kind: fc.constantFrom('tag' as const, 'untag' as const), tag: fc.constantFrom(...TAGS) }),
  fc.record({ kind: fc.constant('readme' as const), text: fc.constantFrom('', 'a: 1\n', '---\nstage: two\n', 'not: [valid yaml\n') }),
  fc.record({ kind: fc.constant('annotate' as const), name: fc.constantFrom('owner', 'run'), value: fc.integer({ min: 0, max: 9 }) }),
);

/** A dataset's history: a few changes, and sometimes a deletion at the end. */
export const historyArbitrary: fc.Arbitrary<History> = fc
  .record({
    uuid: fc.uuid({ version: 4 }),
    prefix: fc.constantFrom('', 'u/alice/'),
    tags: fc.subarray([...TAGS]),
    frozen: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 }),
    steps: fc.array(stepArbitrary, { maxLength: 4 }),
    deleted: fc.boolean(),
  })
  .map(({ deleted, steps, ...rest }) => ({ ...rest, steps: deleted ? [...steps, { kind: 'delete' as const }] : steps }));

/** The dataset a history starts from, in `bucket`. */
export const datasetOf = (history: History, bucket: string): BuiltDataset =>
  buildDataset({ bucket, uuid: history.uuid, prefix: history.prefix, items: 2, tags: history.tags, frozen: history.frozen });

/** Uploads a dataset in `dtool copy` order, then applies its steps one after another. */
export async function runHistory(storage: DatasetStorage, dataset: BuiltDataset, history: History): Promise<void> {
  await writeDataset(storage, dataset);
  const written = new Set(datasetKeys(dataset));
  for (const step of history.steps) {
    if (step.kind === 'delete') {
      for (const key of written) await storage.delete(key);
      continue;
    }
    const object: DatasetObject =
      step.kind === 'readme' ? readmeObject(dataset, step.text) : step.kind === 'annotate' ? annotationObject(dataset, step.name, step.value) : tagObject(dataset, step.tag);
    if (step.kind === 'untag') {
      await storage.delete(object.key);
      written.delete(object.key);
    } else {
      await storage.put(object);
      written.add(object.key);
    }
  }
}

/** The document the history must leave, worked out from the steps alone (undefined: none). */
export function modelDocument(dataset: BuiltDataset, history: History, baseUri: string): DatasetDocument | undefined {
  if (!history.frozen || history.steps.some((step) => step.kind === 'delete')) return undefined;
  const tags = new Set(history.tags);
  let readme = dataset.content.readme;
  const annotations: Record<string, unknown> = {};
  for (const step of history.steps) {
    if (step.kind === 'tag') tags.add(step.tag);
    if (step.kind === 'untag') tags.delete(step.tag);
    if (step.kind === 'readme') readme = step.text;
    if (step.kind === 'annotate') annotations[step.name] = step.value;
  }
  const content = { ...dataset.content, readme, tags: [...tags].sort(), annotations };
  return expectedDocument({ ...dataset, content }, baseUri);
}

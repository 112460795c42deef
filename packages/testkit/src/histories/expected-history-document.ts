import type { DatasetDocument } from '@dtool-notify/domain';
import type { BuiltDataset } from '../builders/dataset-object.js';
import { expectedDocument } from '../builders/expected-document.js';
import type { DatasetHistory } from './dataset-history.js';

/**
 * The index document a history must leave for its dataset under `baseUri`, worked out from
 * the steps alone (undefined: none, the upload never completed or the dataset was deleted).
 */
export function expectedHistoryDocument(dataset: BuiltDataset, history: DatasetHistory, baseUri: string): DatasetDocument | undefined {
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

import { buildDatasetDocument, type DatasetDocument, type ReadmeLayout } from '@dtool-notify/domain';
import type { BuiltDataset } from './dataset-object.js';

/** Options of {@link expectedDocument}. */
export interface ExpectedDocumentOptions {
  /** Default `text`. */
  readonly readmeLayout?: ReadmeLayout;
}

/**
 * The index document the service must produce for a built (frozen) dataset under `baseUri`,
 * for assertions. After writing follow-up objects (a tag, an annotation), spread the changes
 * over it: `{ ...expectedDocument(dataset, baseUri), tags: ['new'] }`.
 */
export function expectedDocument(dataset: BuiltDataset, baseUri: string, options: ExpectedDocumentOptions = {}): DatasetDocument {
  const document = buildDatasetDocument(dataset.content, {
    baseUri,
    ...(options.readmeLayout === undefined ? {} : { readmeLayout: options.readmeLayout }),
  });
  if (!document.ok) throw new Error(`expectedDocument: dataset ${dataset.uuid} has no index document: ${document.reason}`);
  return document.value;
}

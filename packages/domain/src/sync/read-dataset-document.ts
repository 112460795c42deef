import { buildDatasetDocument } from '../model/build-dataset-document.js';
import type { DatasetDocument, ReadmeLayout } from '../model/dataset-document.js';
import type { DatasetLocation } from '../model/dataset-location.js';
import type { DatasetETags } from '../model/dataset-fingerprint.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import type { StorageLimits } from '../parsers/storage-limits.js';

/** What storage says a dataset's index document should be now. */
export type DocumentInStorage =
  | { readonly status: 'document'; readonly document: DatasetDocument; readonly eTags?: DatasetETags }
  | { readonly status: 'gone' }
  | { readonly status: 'not-a-dataset'; readonly reason: string };

/**
 * Reads a dataset through the reader and builds its document: the cheap admin-metadata look
 * first, and the full read only for a frozen dataset whose metadata names the same UUID.
 * Content that cannot be read (too large, too deep, unparseable) throws `DtoolNotifyError`.
 */
export async function readDatasetDocument(
  reader: ManifestReader,
  location: DatasetLocation,
  readmeLayout: ReadmeLayout = 'text',
  limits?: Pick<StorageLimits, 'maxYamlBytes' | 'maxYamlDepth'>,
): Promise<DocumentInStorage> {
  const admin = await reader.readAdminMetadata(location);
  if (admin.status !== 'found') return admin;
  const metadata = admin.adminMetadata;
  if (metadata.uuid.toLowerCase() !== location.uuid.toLowerCase()) {
    return { status: 'not-a-dataset', reason: `admin metadata names uuid ${metadata.uuid}, the key says ${location.uuid}` };
  }
  if (metadata.type !== 'dataset') return { status: 'not-a-dataset', reason: 'protodataset: not frozen yet' };
  const read = await reader.readDataset(location, metadata);
  if (read.status !== 'dataset') return read;
  const document = buildDatasetDocument(read.content, { baseUri: location.baseUri, readmeLayout, ...(limits === undefined ? {} : { limits }) });
  if (!document.ok) return { status: 'not-a-dataset', reason: document.reason };
  if (read.eTags === undefined) return { status: 'document', document: document.value };
  const eTags = admin.eTag === undefined ? read.eTags : { ...read.eTags, dtool: admin.eTag };
  return { status: 'document', document: document.value, eTags };
}

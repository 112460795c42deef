import { buildDatasetDocument } from '../model/build-dataset-document.js';
import { identityProblem } from '../model/dataset-identity.js';
import type { DatasetDocument, ReadmeLayout } from '../model/dataset-document.js';
import type { DatasetLocation } from '../model/dataset-location.js';
import type { DatasetETags } from '../model/dataset-fingerprint.js';
import type { AdminMetadataResult, ManifestReader } from '../ports/manifest-reader.port.js';
import type { StorageLimits } from '../parsers/storage-limits.js';

/** The limits a README is parsed within (the rest of the storage limits bound the reads). */
export type ReadmeLimits = Pick<StorageLimits, 'maxYamlBytes' | 'maxYamlDepth'>;

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
  limits?: ReadmeLimits,
): Promise<DocumentInStorage> {
  const keyProblem = identityProblem(location.uuid);
  if (keyProblem !== undefined) return { status: 'not-a-dataset', reason: keyProblem };
  return completeDatasetDocument(reader, location, await reader.readAdminMetadata(location), readmeLayout, limits);
}

/** The rest of {@link readDatasetDocument} once the admin metadata has been looked at. */
export async function completeDatasetDocument(
  reader: ManifestReader,
  location: DatasetLocation,
  admin: AdminMetadataResult,
  readmeLayout: ReadmeLayout = 'text',
  limits?: ReadmeLimits,
): Promise<DocumentInStorage> {
  if (admin.status !== 'found') return admin;
  const metadata = admin.adminMetadata;
  const mismatch = identityProblem(location.uuid, metadata.uuid);
  if (mismatch !== undefined) return { status: 'not-a-dataset', reason: mismatch };
  if (metadata.type !== 'dataset') return { status: 'not-a-dataset', reason: 'protodataset: not frozen yet' };
  const read = await reader.readDataset(location, metadata);
  if (read.status !== 'dataset') return read;
  const document = buildDatasetDocument(read.content, { baseUri: location.baseUri, readmeLayout, ...(limits === undefined ? {} : { limits }) });
  if (!document.ok) return { status: 'not-a-dataset', reason: document.reason };
  if (read.eTags === undefined) return { status: 'document', document: document.value };
  const eTags = admin.eTag === undefined ? read.eTags : { ...read.eTags, dtool: admin.eTag };
  return { status: 'document', document: document.value, eTags };
}

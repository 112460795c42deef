import { decideDatasetPrefix, identityProblem } from '../model/dataset-identity.js';
import type { ReadmeLayout } from '../model/dataset-document.js';
import type { DatasetLocation } from '../model/dataset-location.js';
import type { ManifestReader } from '../ports/manifest-reader.port.js';
import { completeDatasetDocument, readDatasetDocument, type DocumentInStorage, type ReadmeLimits } from './read-dataset-document.js';

/** What storage says about the dataset a notified key names, after the identity rule. */
export type LocatedDocument = DocumentInStorage | { readonly status: 'elsewhere'; readonly reason: string };

/**
 * Reads the dataset a notification names, applying the identity rule (`decideDatasetPrefix`):
 * the `dtool` object under the notified prefix first (one HEAD), and the registration only
 * when what it found would change the index (a frozen dataset, or nothing): a protodataset
 * costs no more than before, a frozen dataset one GET more.
 */
export async function readLocatedDataset(
  reader: ManifestReader,
  location: DatasetLocation,
  readmeLayout: ReadmeLayout = 'text',
  limits?: ReadmeLimits,
): Promise<LocatedDocument> {
  const keyProblem = identityProblem(location.uuid);
  if (keyProblem !== undefined) return { status: 'not-a-dataset', reason: keyProblem };
  if (location.prefix === undefined) {
    const decision = decideDatasetPrefix(location.uuid, undefined, await reader.readRegistration(location.bucket, location.uuid));
    if (decision.kind !== 'here') return { status: 'gone' };
    return readDatasetDocument(reader, { ...location, prefix: decision.prefix }, readmeLayout, limits);
  }
  const admin = await reader.readAdminMetadata(location);
  if (admin.status === 'not-a-dataset') return admin;
  if (admin.status === 'found' && admin.adminMetadata.type !== 'dataset') return completeDatasetDocument(reader, location, admin, readmeLayout, limits);
  const decision = decideDatasetPrefix(location.uuid, location.prefix, await reader.readRegistration(location.bucket, location.uuid));
  if (decision.kind === 'elsewhere') return { status: 'elsewhere', reason: decision.reason };
  return completeDatasetDocument(reader, location, admin, readmeLayout, limits);
}

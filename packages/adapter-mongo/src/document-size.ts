import { BSON } from 'mongodb';
import type { DatasetDocument } from '@dtool-notify/domain';
import { toStoredDocument } from './stored-document.js';

/** MongoDB's limit on one stored document (`maxBsonObjectSize`). */
export const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

/**
 * The document's BSON size as the server stores it, with its URI as `_id`.
 * FerretDB does not enforce the limit, so this check is what keeps the index readable by
 * every MongoDB client.
 */
export function storedDocumentSize(document: DatasetDocument): number {
  return BSON.calculateObjectSize(toStoredDocument(document));
}

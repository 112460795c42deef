import { randomBytes } from 'node:crypto';
import {
  minioElasticsearchDocumentId,
  parseElasticsearchTargetDocument,
  type Logger,
  type NotificationRecord,
} from '@dtool-notify/domain';
import type { NotificationHandler } from '../notify/notification-handler.js';
import { acknowledgedReport, type NotificationReport } from '../notify/notification-report.js';
import type { DocumentKeyCache } from './document-key-cache.js';
import { documentResult } from './elasticsearch-responses.js';

/** An answer in the shape of Elasticsearch's document API, with our report alongside. */
interface DocumentAnswer {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** Handles the documents MinIO's Elasticsearch target writes and deletes. */
export interface MinioDocuments {
  /** `POST <index>/_doc` (access format) or `PUT <index>/_doc/<id>` (namespace format). */
  index(index: string, id: string | undefined, json: unknown): Promise<DocumentAnswer>;
  /** `DELETE <index>/_doc/<id>` (namespace format, `s3:ObjectRemoved:Delete`). */
  delete(index: string, id: string): Promise<DocumentAnswer>;
}

/** Creates the MinIO document handling over the notification handler and the id → key cache. */
export function createMinioDocuments(handler: NotificationHandler, cache: DocumentKeyCache, logger: Logger): MinioDocuments {
  const withReport = (answer: Readonly<Record<string, unknown>>, report: NotificationReport): Readonly<Record<string, unknown>> => ({
    ...answer,
    dtool_notify: report,
  });

  return {
    async index(index, id, json) {
      const result = parseElasticsearchTargetDocument(json);
      if (id !== undefined && result.kind === 'records') rememberKey(cache, id, result.records, logger);
      const report = await handler.handle(result);
      const documentId = id ?? randomBytes(15).toString('base64url');
      return { status: 201, body: withReport(documentResult(index, documentId, 'created'), report) };
    },
    async delete(index, id) {
      const address = cache.recall(id);
      if (address === undefined) {
        logger.warn(
          { event: 'unresolved-delete', index, id },
          'MinIO deleted a namespace document whose object key is unknown (written before this process started, or forgotten); configure the Elasticsearch target with format=access to have deletes carry their key',
        );
        const report = acknowledgedReport(`document ${id} names no object this service knows; use format=access for deletes`);
        return { status: 200, body: withReport(documentResult(index, id, 'deleted'), report) };
      }
      const records: NotificationRecord[] = [
        { type: 'event', event: { kind: 'removed', bucket: address.bucket, key: address.key, source: 'elasticsearch-target' } },
      ];
      const report = await handler.apply(records);
      return { status: 200, body: withReport(documentResult(index, id, 'deleted'), report) };
    },
  };
}

/**
 * Remembers which object a namespace document id stands for, when the id is MinIO's hash of
 * the record's bucket and key: an id that does not match was not written by MinIO for this
 * object, and trusting it could map a later delete to the wrong object.
 */
function rememberKey(cache: DocumentKeyCache, id: string, records: readonly NotificationRecord[], logger: Logger): void {
  for (const record of records) {
    const address = record.type === 'event' ? record.event : record.ignored;
    if (address.bucket === undefined || address.key === undefined) continue;
    if (minioElasticsearchDocumentId(address.bucket, address.key) === id) {
      cache.remember(id, { bucket: address.bucket, key: address.key });
      return;
    }
  }
  logger.debug({ event: 'document-id-mismatch', id }, 'namespace document id is not the hash of its object; not remembered');
}

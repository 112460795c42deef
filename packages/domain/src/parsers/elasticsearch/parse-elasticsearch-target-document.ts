import type { ParseResult } from '../../model/parse-result.js';
import type { NotificationLimits } from '../notification-limits.js';
import { parseS3EventNotification } from '../s3-event/parse-s3-event-notification.js';

/**
 * Parses a document MinIO's Elasticsearch target indexes: `{"Records": [<one S3 event>]}`
 * in both formats (`access`: POST `<index>/_doc`; `namespace`: PUT `<index>/_doc/<id>`, see
 * {@link minioElasticsearchDocumentId} for the id and the body-less DELETE). Extra fields are
 * tolerated. Never throws.
 */
export function parseElasticsearchTargetDocument(json: unknown, limits: NotificationLimits = {}): ParseResult {
  return parseS3EventNotification(json, 'elasticsearch-target', limits);
}

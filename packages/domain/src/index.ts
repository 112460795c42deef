export type { NotificationSource, ObjectEvent, IgnoredRecord, NotificationRecord } from './model/object-event.js';
export type { ParseResult, ParsedRecords, Acknowledged, SubscriptionConfirmation, Rejected } from './model/parse-result.js';
export { reject } from './model/parse-result.js';
export type { DatasetLocation } from './model/dataset-location.js';
export { datasetUri } from './model/dataset-location.js';
export type { AdminMetadata, Manifest, ManifestItem, DatasetContent } from './model/dataset-content.js';
export type { DatasetDocument, ReadmeLayout } from './model/dataset-document.js';
export type { BuildDocumentOptions } from './model/build-dataset-document.js';
export { buildDatasetDocument, dateFromPosixSeconds } from './model/build-dataset-document.js';
export type { LegacyReadme } from './parsers/readme/parse-legacy-readme.js';
export { parseLegacyReadme } from './parsers/readme/parse-legacy-readme.js';
export type { StorageLimits } from './parsers/storage-limits.js';
export { DEFAULT_STORAGE_LIMITS } from './parsers/storage-limits.js';
export type { DatasetPart, ObjectKeyClass } from './model/classify-object-key.js';
export type { DatasetETags, PartChange } from './model/dataset-fingerprint.js';
export type { PrefixDecision } from './model/dataset-identity.js';
export { decideDatasetPrefix, identityProblem } from './model/dataset-identity.js';
export { classifyObjectKey, datasetDirectoryKey, registrationKeyUuid } from './model/classify-object-key.js';
export type { DtoolNotifyErrorCode } from './model/errors.js';
export {
  DtoolNotifyError,
  retryableError,
  permanentError,
  unreadableError,
  tooLargeError,
  isRetryable,
  isContentFailure,
  asNotifyError,
} from './model/errors.js';

export type { DatasetIndex, SyncTickets, UpsertOptions } from './ports/dataset-index.port.js';
export type { ManifestReader, AdminMetadataResult, DatasetReadResult, FingerprintResult, ListedDataset, ListedFingerprint, Registration } from './ports/manifest-reader.port.js';
export { storedFingerprint } from './model/stored-fingerprint.js';
export type { DatasetFingerprint } from './model/stored-fingerprint.js';
export type { AccessPolicy, AccessRequest, AccessDecision } from './ports/access-policy.port.js';
export type { Logger } from './ports/logger.port.js';
export { silentLogger } from './ports/logger.port.js';
export type { SyncObserver, SyncObservation, ObservedRecord, ObservedNotification, ObservedStorageRequest } from './ports/sync-observer.port.js';
export { tellObserver } from './ports/sync-observer.port.js';

export type { Parsed } from './parsers/parsed.js';
export { parseAdminMetadata, parseAdminMetadataJson } from './parsers/dtool/parse-admin-metadata.js';
export { parseManifestJson } from './parsers/dtool/parse-manifest.js';
export { parseAnnotationJson } from './parsers/dtool/parse-annotation.js';

export type { Decision, BaseUriOf } from './sync/decide-object-event.js';
export { decideObjectEvent } from './sync/decide-object-event.js';
export type { Synchronizer, SynchronizerOptions } from './sync/synchronizer.js';
export type { SyncOutcome, RecordOutcome } from './model/sync-outcome.js';
export { createSynchronizer } from './sync/synchronizer.js';
export type { NotificationOutcome } from './sync/handle-notification.js';
export { handleNotification } from './sync/handle-notification.js';
export type { DocumentInStorage } from './sync/read-dataset-document.js';
export { readDatasetDocument } from './sync/read-dataset-document.js';
export type { LocatedDocument } from './sync/read-located-dataset.js';
export { readLocatedDataset } from './sync/read-located-dataset.js';
export type { ReconcileChange, ReconcileOptions, ReconcileReport } from './sync/reconcile-bucket.js';
export { reconcileBucket } from './sync/reconcile-bucket.js';

export type { ConfigResult } from './config/config-result.js';
export type { BucketToBaseUri } from './config/bucket-to-base-uri.js';
export { BASE_URI_SCHEMES, parseBucketToBaseUri } from './config/bucket-to-base-uri.js';

// Notification parsers
export type { NotificationLimits } from './parsers/notification-limits.js';
export { DEFAULT_NOTIFICATION_LIMITS } from './parsers/notification-limits.js';
export type { JsonText } from './parsers/encoding/parse-json-text.js';
export { parseJsonText } from './parsers/encoding/parse-json-text.js';
export type { EventNameClass } from './parsers/s3-event/classify-event-name.js';
export { classifyEventName } from './parsers/s3-event/classify-event-name.js';
export { parseS3EventNotification, unquoteETag } from './parsers/s3-event/parse-s3-event-notification.js';
export { parseSnsForm } from './parsers/sns/parse-sns-form.js';
export { parseSnsJson } from './parsers/sns/parse-sns-json.js';
export type { WebhookRequest } from './parsers/webhook/parse-webhook-body.js';
export { parseNotificationJson, parseWebhookBody } from './parsers/webhook/parse-webhook-body.js';
export type { BodyFormat } from './parsers/webhook/classify-media-type.js';
export { classifyMediaType } from './parsers/webhook/classify-media-type.js';
export type { SearchIntegrationRequest } from './parsers/elasticsearch/parse-storagegrid-search-request.js';
export { parseStorageGridSearchRequest } from './parsers/elasticsearch/parse-storagegrid-search-request.js';
export { parseElasticsearchTargetDocument } from './parsers/elasticsearch/parse-elasticsearch-target-document.js';
export { minioElasticsearchDocumentId } from './parsers/elasticsearch/minio-document-id.js';

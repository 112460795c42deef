export type {
  MongoConnection,
  MongoDatasetIndex,
  MongoDatasetIndexOptions,
  MongoIndexStats,
  Readiness,
} from './mongo-dataset-index.js';
export { createMongoDatasetIndex } from './create-mongo-dataset-index.js';
export type { ServerInfo } from './server-info.js';
export { redactMongoUri } from './redact-mongo-uri.js';
export { MAX_DOCUMENT_BYTES, storedDocumentSize } from './document-size.js';
export type { MongoDocumentRemover, MongoDocumentRemoverOptions } from './remove-documents-by-uri.js';
export { createMongoDocumentRemover } from './remove-documents-by-uri.js';

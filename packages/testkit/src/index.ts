export type { ObjectStore, StoredObject, ObjectHead, ObjectChange, ChangeListener, RequestCounts } from './in-memory/object-store.js';
export { createInMemoryObjectStore } from './in-memory/object-store.js';
export type { ListOptions, ListResult, ListedObject } from './in-memory/list-objects.js';
export type { BeforeRequest, FailureInjection } from './in-memory/failure-injection.js';
export type {
  InMemoryManifestReader,
  InMemoryManifestReaderOptions,
  ManifestReaderCounts,
  StoreRequest,
} from './in-memory/manifest-reader.js';
export { createInMemoryManifestReader } from './in-memory/manifest-reader.js';
export type {
  InMemoryDatasetIndex,
  InMemoryDatasetIndexOptions,
  DatasetIndexCounts,
  IndexRequest,
} from './in-memory/dataset-index.js';
export { createInMemoryDatasetIndex } from './in-memory/dataset-index.js';
export { storageFor } from './in-memory/storage-for.js';

export type { DatasetObject, BuiltDataset } from './builders/dataset-object.js';
export type { BuildDatasetOptions, AdminMetadataPlacement } from './builders/build-dataset.js';
export { buildDataset } from './builders/build-dataset.js';
export type { DatasetItem } from './builders/dataset-items.js';
export { itemIdentifier } from './builders/dataset-items.js';
export type { ExpectedDocumentOptions } from './builders/expected-document.js';
export { expectedDocument } from './builders/expected-document.js';
export { tagObject, annotationObject, readmeObject, datasetKeys, datasetLocation } from './builders/follow-up-objects.js';
export type { DatasetStorage, WriteDatasetOptions } from './builders/dataset-storage.js';
export { writeDataset, deleteDataset } from './builders/dataset-storage.js';
export { withUpperCaseAdminUuid } from './builders/upper-case-admin-uuid.js';
export { pythonJson } from './builders/python-json.js';

export { fixturesDirectory, readFixtureText, readFixtureJson, readFixtureJsonLines } from './fixtures/read-fixture.js';
export type { S3Layout, S3LayoutObject } from './fixtures/s3-layout.js';
export { readS3Layout } from './fixtures/s3-layout.js';

export { unusedLoopbackPort } from './network/unused-loopback-port.js';

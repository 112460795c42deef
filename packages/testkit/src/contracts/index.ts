export type { DatasetIndexUnderTest, DatasetIndexFactory, DatasetIndexContractOptions } from './dataset-index.contract.js';
export { describeDatasetIndexContract } from './dataset-index.contract.js';
export type { ManifestReaderUnderTest, ManifestReaderFactory, ManifestReaderContractOptions } from './manifest-reader.contract.js';
export { describeManifestReaderContract } from './manifest-reader.contract.js';

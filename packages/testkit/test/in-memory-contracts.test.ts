import { describeDatasetIndexContract, describeManifestReaderContract } from '@dtool-notify/testkit/contracts';
import { createInMemoryDatasetIndex, createInMemoryManifestReader, createInMemoryObjectStore, storageFor } from '@dtool-notify/testkit';

describeDatasetIndexContract('in-memory', async () => ({ index: createInMemoryDatasetIndex() }));

// One store shared by every test, as suites share a real bucket.
const store = createInMemoryObjectStore();
describeManifestReaderContract('in-memory', async (bucket) => ({
  reader: createInMemoryManifestReader(store),
  storage: storageFor(store, bucket),
  baseUri: `s3://${bucket}`,
}));

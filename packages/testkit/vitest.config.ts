import { packageTestConfig } from '../../vitest.shared.js';

// Integration tests talk to the real MinIO and MongoDB-protocol server.
export default packageTestConfig({ servers: true });

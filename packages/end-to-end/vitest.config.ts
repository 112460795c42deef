import { packageTestConfig } from '../../vitest.shared.js';

// End-to-end tests: real MinIO notifying the real service, writing to a real MongoDB-protocol server.
export default packageTestConfig({ servers: true });

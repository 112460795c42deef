import { packageTestConfig } from '../../vitest.shared.js';

// Integration tests talk to a real dserver on the MongoDB-protocol server of the global setup.
export default packageTestConfig({ servers: true });

import { defineConfig } from 'vitest/config';
import { servicesGlobalSetup, workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // test/s3-dataset-storage.test.ts writes to a real MinIO.
    globalSetup: [servicesGlobalSetup],
  },
});

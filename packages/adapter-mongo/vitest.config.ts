import { defineConfig } from 'vitest/config';
import { servicesGlobalSetup, workspaceAliases } from '../../vitest.shared.js';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: [servicesGlobalSetup],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

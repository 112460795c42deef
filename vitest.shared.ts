import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageSource = (name: string): string =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url));

/**
 * Tests run against the workspace packages' sources (one copy of each module, so
 * `instanceof` works across packages and no build is needed to see a change).
 */
export const workspaceAliases = {
  '@dtool-notify/domain': packageSource('domain'),
  '@dtool-notify/testkit/contracts': fileURLToPath(new URL('./packages/testkit/src/contracts/index.ts', import.meta.url)),
  '@dtool-notify/testkit/s3': fileURLToPath(new URL('./packages/testkit/src/s3/index.ts', import.meta.url)),
  '@dtool-notify/testkit/histories': fileURLToPath(new URL('./packages/testkit/src/histories/index.ts', import.meta.url)),
  '@dtool-notify/testkit': packageSource('testkit'),
  '@dtool-notify/adapter-koa': packageSource('adapter-koa'),
  '@dtool-notify/adapter-kafka': packageSource('adapter-kafka'),
  '@dtool-notify/adapter-dserver': packageSource('adapter-dserver'),
  '@dtool-notify/adapter-mongo': packageSource('adapter-mongo'),
  '@dtool-notify/adapter-s3': packageSource('adapter-s3'),
  '@dtool-notify/observability': packageSource('observability'),
  '@dtool-notify/app': packageSource('app'),
  '@dtool-notify/dev-stack': packageSource('dev-stack'),
};

/** The global setup that starts MinIO and the MongoDB-protocol server for integration tests. */
export const servicesGlobalSetup = fileURLToPath(new URL('./packages/dev-stack/src/vitest/global-setup.ts', import.meta.url));

/** Options of {@link packageTestConfig}. */
export interface PackageTestOptions {
  /** The package's tests need the real MinIO and MongoDB-protocol server. */
  readonly servers?: boolean;
}

/** The vitest configuration every package shares: its tests beside the code and in test/. */
export function packageTestConfig(options: PackageTestOptions = {}): ViteUserConfig {
  return defineConfig({
    resolve: { alias: workspaceAliases },
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // The JSON report feeds dev-stack's test-summary, the one closing line of `npm test`.
      reporters: ['default', 'json'],
      outputFile: { json: fileURLToPath(new URL(`./.test-results/${basename(process.cwd())}.json`, import.meta.url)) },
      // The SDK's notice that future releases will need Node 22 is for operators, not test logs.
      env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      // Property tests send hundreds of requests or histories per test: 5 s (vitest's default) left
      // them no margin on a loaded two-core CI machine, and a timed-out property keeps running into
      // the next test. A hung test still fails within these bounds.
      ...(options.servers === true ? { globalSetup: [servicesGlobalSetup], testTimeout: 60_000, hookTimeout: 120_000 } : { testTimeout: 30_000 }),
    },
  });
}

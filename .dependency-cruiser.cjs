// The layout's rules (issue 14), run by `npm test`. Paths are the real files: workspace
// packages resolve through tsconfig.source-paths.json to their sources.
const TEST = '(\\.test\\.ts$|/test/|/vitest\\.config\\.ts$)';
const PRODUCT = '^packages/(domain|adapter-[^/]+|observability|app|testkit)/src/';
const DEV_TOOLING = '^packages/(dev-stack|bench|end-to-end)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-nothing-outward',
      comment: 'The domain is pure: no other workspace package, no library but valibot and yaml, no Node built-in.',
      severity: 'error',
      from: { path: '^packages/domain/src/', pathNot: TEST },
      to: { pathNot: ['^packages/domain/src/', 'node_modules/(valibot|yaml)/'] },
    },
    {
      name: 'adapters-never-import-each-other-or-the-app',
      severity: 'error',
      from: { path: '^packages/(adapter-[^/]+|observability)/' },
      to: { path: '^packages/(adapter-[^/]+|observability|app)/', pathNot: '^packages/$1/' },
    },
    {
      name: 'production-code-never-imports-testkit',
      severity: 'error',
      from: { path: '^packages/(domain|adapter-[^/]+|observability|app)/src/', pathNot: TEST },
      to: { path: '^packages/testkit/' },
    },
    {
      name: 'shipped-packages-never-import-dev-tooling',
      comment: 'domain, adapters, testkit and app ship; the dev-stack, bench and end-to-end tests do not.',
      severity: 'error',
      from: { path: PRODUCT },
      to: { path: DEV_TOOLING },
    },
    {
      name: 'packages-meet-through-their-index',
      comment: 'Across packages only through the package name (its index), never into another package’s files.',
      severity: 'error',
      from: { path: '^packages/([^/]+)/' },
      to: { path: '^packages/([^/]+)/', pathNot: ['^packages/$1/', '^packages/[^/]+/src/index\\.ts$', '^packages/testkit/src/(s3|contracts|histories)/index\\.ts$', '^packages/dev-stack/src/vitest/'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.source-paths.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'types', 'node', 'default'] },
  },
};

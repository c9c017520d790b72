/**
 * Import boundaries (docs/architecture.md, "Layers"): checked by `npm test` through scripts/check-boundaries.mjs.
 * Type-only imports count too: a cycle of types is still a cycle in the design.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, of values or of types.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-repository-in-routes-or-views',
      severity: 'error',
      comment: 'Route and view files parse input, call one service method and render: SQL stays behind the service.',
      from: { path: '^src/modules/[^/]+/(http|views)/' },
      to: { path: '^src/modules/[^/]+/(repo|tables)\\.ts$' },
    },
    {
      name: 'no-other-module-internals',
      severity: 'error',
      comment: "A module reaches another only through that module's public surface (its index.ts).",
      from: { path: '^src/modules/([^/]+)/' },
      to: { path: '^src/modules/([^/]+)/.+', pathNot: ['^src/modules/$1/', '^src/modules/[^/]+/index\\.ts$', '^src/modules/(types|registry|index)\\.ts$'] },
    },
    {
      name: 'no-fastify-outside-http',
      severity: 'error',
      comment: 'Services, repositories and the kernel are framework-free: only HTTP code knows Fastify.',
      from: { path: '^src/(kernel|db)/|^src/modules/[^/]+/(?!http/)[^/]+$', pathNot: '\\.test\\.tsx?$' },
      to: { path: '(^|/)node_modules/(fastify|@fastify|light-my-request|mercurius)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$|^src/testing/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    moduleSystems: ['es6'],
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.js', '.mjs'] },
    reporterOptions: { dot: { collapsePattern: '^src/modules/[^/]+|^src/[^/]+' } },
  },
};

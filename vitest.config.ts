import { defineConfig } from 'vitest/config';

// The same integration suite runs on SQLite and on PostgreSQL (a real server when TEST_DATABASE_URL is set,
// otherwise embedded PGlite). Pure unit tests (*.unit.test.ts) run once.
const shared = {
  include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
  testTimeout: 30_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: '@kitajs/html' } },
  test: {
    reporters: ['default'],
    projects: [
      { extends: true, test: { ...shared, name: 'sqlite', env: { TEST_DB: 'sqlite' } } },
      { extends: true, test: { ...shared, name: 'postgres', exclude: ['**/*.unit.test.ts', '**/node_modules/**'], env: { TEST_DB: 'postgres' } } },
    ],
  },
});

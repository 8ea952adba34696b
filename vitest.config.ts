import { defineConfig } from 'vitest/config';

// One test runner for the whole project (docs/decisions/0001-stack.md).
// Forks, not threads: native addons (better-sqlite3) and child processes behave as in production.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.{ts,tsx}'],
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    setupFiles: ['test/support/setup.ts'],
    reporters: ['default'],
  },
});

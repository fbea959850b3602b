import { defineConfig } from 'vitest/config';

// One run over every package: tests talk to real servers, so files run in forked processes,
// two at a time (the machines have two cores), each with its own database and prefixes.
export default defineConfig({
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'services/*/test/**/*.test.ts',
      'test/e2e/**/*.test.ts',
      'test/contract/**/*.test.ts',
      'test/chaos/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    globalSetup: [
      './packages/test-support/src/global-setup-database.ts',
      './packages/test-support/src/global-setup-s3.ts',
    ],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
});

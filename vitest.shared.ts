import { defineConfig } from 'vitest/config';

/** Shared vitest settings for every workspace project: node environment, generous timeouts for process-level tests. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', '*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    passWithNoTests: false,
  },
});

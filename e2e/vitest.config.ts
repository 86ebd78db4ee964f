import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../vitest.shared.ts';

/** e2e suites start real processes (etcd, our store, kubectl): run files one at a time. */
export default mergeConfig(
  shared,
  defineConfig({
    test: { include: ['**/*.test.ts'], exclude: ['node_modules/**'], testTimeout: 120_000, fileParallelism: false },
  }),
);

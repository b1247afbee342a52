import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    // Two cores: one fork per core keeps CPU-bound tests from starving each other.
    pool: 'forks',
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // DynamoDB Local and s3rver, once for the whole run (test/helpers/emulators.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Two cores: one fork per core keeps CPU-bound tests from starving each other.
    pool: 'forks',
    maxWorkers: 2,
  },
});

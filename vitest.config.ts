import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Each test file runs in its own process with its own stand-ins (DynamoDB Local is a JVM each).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 90_000,
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
  },
});

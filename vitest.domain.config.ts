import { defineConfig } from 'vitest/config';

/**
 * The fast domain tests alone (no DynamoDB Local, no local stack, no child processes): what a
 * developer runs while working, and the only tests mutation testing counts (stryker.config.json).
 */
export default defineConfig({
  test: {
    include: ['test/domain/**/*.test.ts'],
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});

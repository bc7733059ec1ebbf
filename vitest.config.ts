import { defineConfig } from 'vitest/config';

/** The suites that run a second time against the bundles CDK uploads (test what deploys). */
const THROUGH_THE_STACK = ['test/api/**/*.test.ts', 'test/workflow/**/*.test.ts', 'test/web/pages.test.ts', 'test/jobs/**/*.test.ts'];

export default defineConfig({
  test: {
    // Each test file runs in its own process with its own stand-ins (DynamoDB Local is a JVM each).
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // What a test waits for (a page to show a change, a workflow to move) may take a few seconds on a
    // busy machine: a change that moves a case in the lists answers only once the move has settled.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 90_000,
    env: {
      POWERTOOLS_LOG_LEVEL: 'SILENT',
    },
    projects: [
      {
        extends: true,
        test: { name: 'sources', include: ['test/**/*.test.ts'], exclude: ['test/bundles/**'], globalSetup: ['test/support/web-setup.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'bundles',
          // test/bundles/: tests about the bundles themselves.
          include: [...THROUGH_THE_STACK, 'test/bundles/**/*.test.ts'],
          // Restarting `npm start` is the local runtime's own logic (local/), not a handler's; against the
          // bundles it only adds a CDK synth to each restart (about 290 s of a worker), so it runs once, on the sources.
          exclude: ['test/workflow/resume.test.ts'],
          // Synthesizes the CDK app once and gives every local stack its bundles (test/support/stack.ts).
          globalSetup: ['test/support/web-setup.ts', 'test/support/bundles-setup.ts'],
        },
      },
    ],
  },
});

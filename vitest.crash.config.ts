import { defineConfig } from 'vitest/config';

/**
 * `npm run test:crash`: the crash-consistency harness (test/crash/), a server start per kill on each
 * database, so it is not part of `npm test`; .ci/run calls it after the suite. It needs the throwaway
 * PostgreSQL cluster of the global setup.
 */
export default defineConfig({
  test: {
    include: ['test/crash/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 900_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { PASSAGE_PGLITE_SHARED_BUFFERS: '16MB' },
  },
});

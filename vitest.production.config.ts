import { defineConfig } from 'vitest/config';

/**
 * `npm run test:production`: the production install test (test/production/), slow and I/O-heavy (a real
 * `npm ci --omit=dev`), so it is not part of `npm test`; .ci/run calls it after the suite. No global setup:
 * it needs no throwaway PostgreSQL cluster.
 */
export default defineConfig({
  test: {
    include: ['test/production/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});

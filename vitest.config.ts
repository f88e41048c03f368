import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'cli/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    // The production install test runs on its own (npm run test:production, vitest.production.config.ts).
    exclude: [...configDefaults.exclude, 'test/production/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});

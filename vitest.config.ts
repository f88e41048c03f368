import { configDefaults, defineConfig } from 'vitest/config';
import LongestFirstSequencer from './test/sequencer';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'cli/**/*.test.ts', 'e2e/**/*.e2e.test.ts'],
    // The production install test and the crash harness run on their own (npm run test:production,
    // vitest.production.config.ts; npm run test:crash, vitest.crash.config.ts).
    exclude: [...configDefaults.exclude, 'test/production/**', 'test/crash/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Two test files at a time on 2 cores: measured on a quiet machine, same 1,842 tests, 3 workers took 932 s
    // and 2 took 805 s (the third file's CPU-bound work outweighed the waits it filled). PASSAGE_TEST_WORKERS.
    maxWorkers: Number(process.env.PASSAGE_TEST_WORKERS ?? 2),
    sequence: { sequencer: LongestFirstSequencer },
    // Test files share their worker's module cache: the server's modules are imported once per worker
    // instead of once per file (import time 240 s → ~70 s on the API tests). Files keep no module state
    // between them: env changes are restored (unstubEnvs for vi.stubEnv), each file makes its own app and
    // database from the template (test/templates.ts).
    isolate: false,
    unstubEnvs: true,
    // Embedded databases the tests start in child processes (the CLI, `passage start`) zero a smaller buffer
    // pool at each start: ~0.7 s of CPU less per start (src/shared/config.ts). The default is what
    // `npm run test:production` and the direct PGlite tests run with.
    env: { PASSAGE_PGLITE_SHARED_BUFFERS: '16MB' },
    // Transformed modules are kept on disk between runs (keyed by their content and the config): each worker
    // transformed the server's ~460 modules again on every run (vitest's "transform" time, ~35 s a run). In
    // .tmp/, not in node_modules (a link to another checkout's in the worktrees).
    experimental: { fsModuleCache: true, fsModuleCachePath: '.tmp/vitest-module-cache' },
  },
});

// `npm test`: builds the web app if needed, runs the whole suite (PGlite, native PostgreSQL when found,
// browser journeys) and ends with the real totals, per database too. Extra args go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const built = 'web/dist/index.html';
// What the build reads: the app, its page and config, the contract's shared constants (the one value import
// from the server) and the locked dependency versions. The build settings count too (compression, source maps):
// a web/dist from older settings is rebuilt.
const buildInputs = Math.max(
  newestMtime('web/src'),
  ...[
    'web/index.html',
    'web/vite.config.ts',
    'web/precompress.ts',
    'src/contract/constants.ts',
    'package-lock.json',
  ]
    .filter((f) => existsSync(f))
    .map((f) => statSync(f).mtimeMs),
);
const stale = !existsSync(built) || buildInputs > statSync(built).mtimeMs;
// Written after each build here: the settings web/dist was built with, and when.
const stampFile = '.tmp/web-build.json';
mkdirSync('.tmp', { recursive: true });
if (stale) {
  console.log('npm test: building the web app for the browser tests…');
  const b = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (b.status !== 0) process.exit(b.status ?? 1);
  const sourcemap = ['1', 'on', 'true', 'yes'].includes(process.env.PASSAGE_WEB_SOURCEMAP ?? '');
  writeFileSync(stampFile, JSON.stringify({ builtMs: statSync(built).mtimeMs, sourcemap }));
}
// web/dist is a default build (no source maps) of the current sources, made here: the web-assets test checks
// it instead of building the app a second time (~35 s of CPU). Otherwise that test builds its own.
const stamp = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : undefined;
const defaultBuild = stamp && stamp.builtMs === statSync(built).mtimeMs && stamp.sourcemap === false;

const report = '.tmp/vitest-report.json';
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...process.argv.slice(2),
];
const r = spawnSync('npx', args, {
  stdio: 'inherit',
  env: {
    ...process.env,
    FORCE_COLOR: process.env.CI ? '0' : '1',
    ...(defaultBuild ? { PASSAGE_TEST_WEB_BUILD: resolve('web/dist') } : {}),
  },
});

if (!existsSync(report)) {
  console.log('tests: 0 passed, 1 failed (the test runner produced no report)');
  process.exit(r.status || 1);
}
const json = JSON.parse(readFileSync(report, 'utf8'));
const all = json.testResults.flatMap((f) => f.assertionResults);
const count = (xs, status) => xs.filter((t) => t.status === status).length;
// Files that failed to load have no assertion results but must still count as failures.
const brokenFiles = json.testResults.filter(
  (f) => f.status === 'failed' && f.assertionResults.length === 0,
).length;
for (const db of ['pglite', 'postgres']) {
  const onDb = all.filter((t) => t.fullName.includes(`[${db}]`));
  if (onDb.length) console.log(`${db}: ${count(onDb, 'passed')} passed, ${count(onDb, 'failed')} failed`);
}
const e2e = json.testResults.filter((f) => f.name.includes('/e2e/')).flatMap((f) => f.assertionResults);
console.log(`browser: ${count(e2e, 'passed')} passed, ${count(e2e, 'failed')} failed`);
const skipped = count(all, 'pending') + count(all, 'skipped') + count(all, 'todo');
const failed = count(all, 'failed') + brokenFiles;
console.log(
  `tests: ${count(all, 'passed')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`,
);
process.exit(failed > 0 ? 1 : (r.status ?? 1));

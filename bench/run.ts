/**
 * `npm run bench` runs every benchmark; `npm run bench -- NAME …` only those; `--scale=1e5|1e6|1e7` sets the
 * demo data size (default 1e6); `--list` lists them. Each prints lines
 * `bench: <name> <value> <unit> ratio=<value/reference> reference=<what>` and all results go to
 * bench/results/latest.json (with machine facts and the time of the run) and latest.md (the table).
 * See bench/README.md.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DemoScale, isDemoScale } from '../src/demo/scale';
import { csvImportVsCopy } from './benchmarks/csv-import-vs-copy';
import { dashboardApiVsSql } from './benchmarks/dashboard-api-vs-sql';
import { forecastAccuracy } from './benchmarks/forecast-accuracy';
import { importPeakRss } from './benchmarks/import-peak-rss';
import { memberApiLoad, memberApiSoak } from './benchmarks/member-api-load';
import { pgliteDurableCommit } from './benchmarks/pglite-durable-commit';
import { publicApiLoad } from './benchmarks/public-api-load';
import { refreshLatency } from './benchmarks/refresh-latency';
import { searchP95 } from './benchmarks/search-p95';
import { submitPublish200k } from './benchmarks/submit-publish-200k';
import { wideImportVsTemplate } from './benchmarks/wide-import-vs-template';
import { BenchEnv } from './lib/env';
import { RESULTS_DIR, Reporter } from './lib/report';
import type { Benchmark } from './lib/types';

export const BENCHMARKS: Benchmark[] = [
  dashboardApiVsSql,
  csvImportVsCopy,
  importPeakRss,
  forecastAccuracy,
  searchP95,
  refreshLatency,
  publicApiLoad,
  memberApiLoad,
  memberApiSoak,
  wideImportVsTemplate,
  pgliteDurableCommit,
  submitPublish200k,
];
const DEFAULT_SCALE: DemoScale = '1e6';

function parseArgs(argv: string[]) {
  let scale: string = DEFAULT_SCALE;
  let isList = false;
  const names: string[] = [];
  for (const a of argv) {
    if (a.startsWith('--scale=')) scale = a.slice('--scale='.length);
    else if (a === '--list') isList = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a} (use --scale=1e5|1e6|1e7, --list)`);
    else names.push(a);
  }
  if (!isDemoScale(scale)) throw new Error(`--scale must be 1e5, 1e6 or 1e7, not ${scale}`);
  const unknown = names.filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length)
    throw new Error(
      `unknown benchmark ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  return { scale, isList, names };
}

async function main() {
  const argv = process.argv.slice(2);
  const { scale, isList, names } = parseArgs(argv);
  if (isList) {
    for (const b of BENCHMARKS) console.log(`${b.name}: ${b.summary}`);
    return 0;
  }
  const selected = names.length ? BENCHMARKS.filter((b) => names.includes(b.name)) : BENCHMARKS;
  const reporter = new Reporter(scale, argv);
  const env = new BenchEnv(scale, reporter);
  console.log(
    `bench: scale ${scale}, ${selected.map((b) => b.name).join(', ')}; ${reporter.machine.cpuCount} CPUs, ${reporter.machine.memoryGiB} GiB, Node ${reporter.machine.node}`,
  );
  let failed = 0;
  try {
    for (const b of selected) {
      const t0 = performance.now();
      console.log(`bench-start: ${b.name}`);
      try {
        await b.run(env);
        console.log(`bench-done: ${b.name} in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      } catch (e) {
        failed++;
        reporter.note(b.name, `FAILED: ${(e as Error).stack ?? e}`);
      }
    }
  } finally {
    await env.close();
  }
  reporter.write();
  const table = reporter.table();
  writeFileSync(join(RESULTS_DIR, 'latest.md'), `${table}\n`);
  const seconds = (Date.now() - reporter.startedAt.getTime()) / 1000;
  console.log(`\n${table}\n`);
  console.log(
    `bench: ${reporter.results.length} results in ${seconds.toFixed(0)} s, ${failed} benchmark(s) failed; written to bench/results/latest.json`,
  );
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`bench: ${(e as Error).message}`);
    process.exit(2);
  },
);

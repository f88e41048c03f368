/**
 * CSV import through the exchange import service against a bare COPY of the same files into a staging table,
 * on native PostgreSQL (COPY FROM STDIN via pg-copy-streams) and PGlite (COPY FROM '/dev/blob'). The files are
 * the demo data at the run's scale, one per reporter, enough of them to cover IMPORT_ROWS rows. Issue target:
 * ≥ 200,000 observations/s on native PostgreSQL, with its ratio to COPY.
 */
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { connect, type Db, type DbKind } from '../../src/db/connect';
import type { DemoScale } from '../../src/demo/scale';
import {
  copyFilesNative,
  copyFilesPglite,
  type ImportFile,
  pickFiles,
  prepareDemoSchema,
  STAGING_DDL,
  writeImportFiles,
} from '../lib/demo-data';
import type { BenchEnv } from '../lib/env';
import { loadImportSubject } from '../lib/import-subject';
import { measure, round, type Timing } from '../lib/stats';
import type { Benchmark } from '../lib/types';

const BENCH = 'csv-import-vs-copy';
/** Rows imported per run, by scale (a sample of the scale's files). */
export const IMPORT_ROWS: Record<DemoScale, number> = { '1e5': 50_000, '1e6': 100_000, '1e7': 1_000_000 };
const RUNS = { warmup: 1, runs: 3 };

/** The scale's CSV import files, written once per run. */
export function importFiles(env: BenchEnv): Promise<ImportFile[]> {
  return env.once(`import-files-${env.scale}`, async () => {
    const t0 = performance.now();
    const files = await writeImportFiles(env.scale, env.tmp);
    const rows = files.reduce((s, f) => s + f.rows, 0);
    const mb = files.reduce((s, f) => s + f.bytes, 0) / 2 ** 20;
    env.reporter.note(
      BENCH,
      `wrote ${files.length} CSV import files (one per reporter), ${rows.toLocaleString('en')} rows, ${mb.toFixed(0)} MiB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
    return files;
  });
}

/** Empties the tables an import writes to, so each run starts alike. */
async function clearImports(db: Db): Promise<void> {
  const { default: sql } = await import('sql-template-tag');
  await db.query(sql`TRUNCATE observations, submissions CASCADE`);
}

function report(
  env: BenchEnv,
  kind: DbKind,
  subjectId: string,
  rows: number,
  subject: Timing,
  reference: Timing,
  details: Record<string, unknown>,
) {
  const rate = (t: Timing) => rows / (t.median / 1000);
  const strip = ({ samples, ...t }: Timing) => ({ ...t, runs: samples.length });
  const copyLabel = kind === 'postgres' ? 'copy-from-stdin' : 'copy-from-blob';
  env.reporter.add({
    bench: BENCH,
    name: `import.${subjectId}.${kind}.rate`,
    value: rate(subject),
    unit: 'obs/s',
    ratio: rate(subject) / rate(reference),
    reference: `${copyLabel}@${Math.round(rate(reference))}obs/s`,
    ...(kind === 'postgres'
      ? { target: '≥ 200000 obs/s (native)', isTargetMet: rate(subject) >= 200_000 }
      : {}),
    timing: strip(subject),
    details: { rows, reference: strip(reference), ...details },
  });
  for (const stat of ['median', 'p95'] as const) {
    env.reporter.add({
      bench: BENCH,
      name: `import.${subjectId}.${kind}.${stat}`,
      value: subject[stat] / 1000,
      unit: 's',
      ratio: subject[stat] / reference[stat],
      reference: `${copyLabel}@${round(reference[stat] / 1000)}s`,
      timing: strip(subject),
      details: { rows, reference: strip(reference), ...details },
    });
  }
}

async function runNative(env: BenchEnv, files: ImportFile[], rows: number) {
  const subject = await loadImportSubject();
  const url = await env.createNativeDatabase(`bench_import_${env.scale}`);
  const db = await connect({ databaseUrl: url });
  try {
    await prepareDemoSchema(db, env.scale);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(STAGING_DDL);
    const reference = await measure(() => copyFilesNative(client, files), {
      ...RUNS,
      before: async () => {
        await client.query('TRUNCATE observations_staging');
      },
    });
    await client.end();
    let written = 0;
    const timing = await measure(
      async () => {
        written = await subject.run(db, files);
      },
      { ...RUNS, before: () => clearImports(db) },
    );
    if (written !== rows) throw new Error(`import wrote ${written} observations, expected ${rows}`);
    report(env, 'postgres', subject.id, rows, timing, reference, { subject: subject.description });
  } finally {
    await db.close();
  }
}

async function runPglite(env: BenchEnv, files: ImportFile[], rows: number) {
  const subject = await loadImportSubject();
  const dir = env.pgliteDir(`import-${env.scale}`);
  const setup = await connect({ dataDir: dir });
  await prepareDemoSchema(setup, env.scale);
  await setup.close();
  const raw = await PGlite.create(dir);
  await raw.exec(STAGING_DDL);
  const reference = await measure(() => copyFilesPglite(raw, files), {
    ...RUNS,
    before: async () => {
      await raw.exec('TRUNCATE observations_staging');
    },
  });
  await raw.close();
  const db = await connect({ dataDir: dir });
  try {
    let written = 0;
    const timing = await measure(
      async () => {
        written = await subject.run(db, files);
      },
      { ...RUNS, before: () => clearImports(db) },
    );
    if (written !== rows) throw new Error(`import wrote ${written} observations, expected ${rows}`);
    report(env, 'pglite', subject.id, rows, timing, reference, { subject: subject.description });
  } finally {
    await db.close();
  }
}

export const csvImportVsCopy: Benchmark = {
  name: BENCH,
  summary: 'CSV import (exchange import service) vs bare COPY of the same files, both databases',
  async run(env) {
    const files = pickFiles(await importFiles(env), IMPORT_ROWS[env.scale]);
    const rows = files.reduce((s, f) => s + f.rows, 0);
    const subject = await loadImportSubject();
    env.reporter.note(
      BENCH,
      `subject: ${subject.description}; ${files.length} files, ${rows.toLocaleString('en')} rows per run; ${RUNS.warmup} warm-up + ${RUNS.runs} runs`,
    );
    await runNative(env, files, rows);
    await runPglite(env, files, rows);
  },
};

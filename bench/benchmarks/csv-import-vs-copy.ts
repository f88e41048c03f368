/**
 * CSV import through the exchange import service against two references, on native PostgreSQL (COPY FROM
 * STDIN via pg-copy-streams) and PGlite (COPY FROM '/dev/blob'): a bare COPY of the same files into an
 * unindexed text table (raw load speed), and a COPY of the same rows, already typed, straight into the real
 * `observations` table with its indexes, constraints and reference trigger, one draft submission per file (the
 * physical floor of this schema: what any import must at least write). The files are the demo data at the
 * run's scale, one per reporter, enough of them to cover IMPORT_ROWS rows. Issue 23's targets: ≥ 200,000
 * observations/s on native PostgreSQL and ≥ 100,000 on PGlite, and ≥ 0.8 × the COPY into observations.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import sql from 'sql-template-tag';
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
  await db.query(sql`TRUNCATE observations, submissions CASCADE`);
}

/** The columns of the typed COPY into observations (the rest take their defaults, as in an import). */
const OBSERVATION_COPY_COLUMNS =
  'dialogue_id, indicator_id, reporter_iso3, period, route, citizenship, border_type, sex, age_group, reason, place, document_type, fraud_type, return_type, value, status, classification, submission_id';
const COPY_INTO_OBSERVATIONS = `COPY observations (${OBSERVATION_COPY_COLUMNS}) FROM`;

/**
 * Each import file's rows as COPY text for observations (written once, not timed): the dialogue, the
 * indicator's id and classification, the month's first day, status draft and the file's submission, which
 * `prepareCopyIntoObservations` creates before each run as submission 1, 2, … in file order.
 */
async function writeObservationCopyFiles(db: Db, files: readonly ImportFile[]): Promise<string[]> {
  const [d] = await db.query<{ id: number }>(sql`SELECT id FROM dialogues WHERE slug = 'demo'`);
  const indicators = new Map(
    (
      await db.query<{ id: number; code: string; classification: string }>(
        sql`SELECT id, code, classification FROM indicators WHERE dialogue_id = ${d!.id}`,
      )
    ).map((r) => [r.code, r]),
  );
  const out: string[] = [];
  for (const [n, f] of files.entries()) {
    const path = `${f.path}.observations.copy`;
    const w = createWriteStream(path);
    let isHeader = true;
    const lines: string[] = [];
    for await (const line of createInterface({ input: createReadStream(f.path) })) {
      if (isHeader) {
        isHeader = false;
        continue;
      }
      const c = line.split(',');
      const i = indicators.get(c[0]!)!;
      lines.push(
        `${d!.id}\t${i.id}\t${c[1]}\t${c[2]}-01\t${c.slice(3, 13).join('\t')}\t${c[13]}\tdraft\t${i.classification}\t${n + 1}\n`,
      );
      if (lines.length >= 10_000) {
        if (!w.write(lines.join(''))) await new Promise<void>((r) => w.once('drain', () => r()));
        lines.length = 0;
      }
    }
    w.end(lines.join(''));
    await new Promise<void>((r) => w.once('finish', () => r()));
    out.push(path);
  }
  return out;
}

/** Before each run of the COPY into observations: no observations, and the files' draft submissions 1, 2, …. */
async function prepareCopyIntoObservations(db: Db, files: readonly ImportFile[]): Promise<void> {
  await db.query(sql`TRUNCATE observations, submissions RESTART IDENTITY CASCADE`);
  const [d] = await db.query<{ id: number }>(sql`SELECT id FROM dialogues WHERE slug = 'demo'`);
  for (const f of files)
    await db.query(sql`INSERT INTO submissions (dialogue_id, reporter_iso3, source, file_name)
      VALUES (${d!.id}, ${f.reporter}, 'csv', ${f.path})`);
}

/** The floor: COPY of the typed rows into observations through the product's Db.copyFrom, one COPY per file. */
async function measureCopyIntoObservations(db: Db, files: readonly ImportFile[]): Promise<Timing> {
  const copies = await writeObservationCopyFiles(db, files);
  return measure(
    async () => {
      for (const path of copies) {
        const text = await readFile(path);
        await db.copyFrom(
          (source) => `${COPY_INTO_OBSERVATIONS} ${source}`,
          (async function* () {
            yield text;
          })(),
        );
      }
    },
    { ...RUNS, before: () => prepareCopyIntoObservations(db, files) },
  );
}

function report(
  env: BenchEnv,
  kind: DbKind,
  subjectId: string,
  rows: number,
  subject: Timing,
  reference: Timing,
  floor: Timing,
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
      : { target: '≥ 100000 obs/s (PGlite)', isTargetMet: rate(subject) >= 100_000 }),
    timing: strip(subject),
    details: { rows, reference: strip(reference), ...details },
  });
  env.reporter.add({
    bench: BENCH,
    name: `import.${subjectId}.${kind}.rate-vs-floor`,
    value: rate(subject),
    unit: 'obs/s',
    ratio: rate(subject) / rate(floor),
    reference: `copy-into-observations@${Math.round(rate(floor))}obs/s`,
    target: '≥ 0.8 × COPY into observations',
    isTargetMet: rate(subject) >= 0.8 * rate(floor),
    timing: strip(subject),
    details: { rows, reference: strip(floor), ...details },
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
    const floor = await measureCopyIntoObservations(db, files);
    let written = 0;
    const timing = await measure(
      async () => {
        written = await subject.run(db, files);
      },
      { ...RUNS, before: () => clearImports(db) },
    );
    if (written !== rows) throw new Error(`import wrote ${written} observations, expected ${rows}`);
    report(env, 'postgres', subject.id, rows, timing, reference, floor, { subject: subject.description });
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
    const floor = await measureCopyIntoObservations(db, files);
    let written = 0;
    const timing = await measure(
      async () => {
        written = await subject.run(db, files);
      },
      { ...RUNS, before: () => clearImports(db) },
    );
    if (written !== rows) throw new Error(`import wrote ${written} observations, expected ${rows}`);
    report(env, 'pglite', subject.id, rows, timing, reference, floor, { subject: subject.description });
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

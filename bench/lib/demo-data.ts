/**
 * The seeded demo data at benchmark scale: as COPY text for loading, and as CSV import files (one per
 * reporting state, since an import is one reporter's submission). Deterministic for a scale and seed.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import sql from 'sql-template-tag';
import { connect, type Db } from '../../src/db/connect';
import { migrate } from '../../src/db/migrate';
import { DEMO_SLUG } from '../../src/demo/demo-dialogue';
import { type GeneratedObservation, generateDemoObservations } from '../../src/demo/generate-observations';
import { type DemoScale, demoScaleOptions } from '../../src/demo/scale';
import { seedDemo } from '../../src/demo/seed-demo';
import { addMonths } from '../../src/domain/periods';
import { refreshAggregates } from '../../src/modules/analytics/analytics.service';
import { syncCountries } from '../../src/modules/reference/reference.service';

export const BENCH_SEED = 20240101;
/** The demo accounts' password in benchmark databases (the seeder has no default). */
export const BENCH_DEMO_PASSWORD = 'bench-demo-password';

export const generateAtScale = (scale: DemoScale) =>
  generateDemoObservations(demoScaleOptions(scale, BENCH_SEED));

/** A migrated database with reference data and the demo dialogue (users, routes, indicators), no observations. */
export async function prepareDemoSchema(db: Db, scale: DemoScale): Promise<{ dialogueId: number }> {
  await migrate(db);
  await syncCountries(db);
  const r = await seedDemo(db, {
    ...demoScaleOptions(scale, BENCH_SEED),
    withObservations: false,
    password: BENCH_DEMO_PASSWORD,
  });
  return { dialogueId: r.dialogueId };
}

async function indicatorIds(db: Db, dialogueId: number): Promise<Map<string, number>> {
  const rows = await db.query<{ id: number; code: string }>(
    sql`SELECT id, code FROM indicators WHERE dialogue_id = ${dialogueId}`,
  );
  return new Map(rows.map((r) => [r.code, r.id]));
}

const COPY_COLUMNS =
  'dialogue_id, indicator_id, reporter_iso3, period, route, citizenship, border_type, value, status, classification, recorded_at, published_at';

/** COPY text lines of generated observations, published on the 20th of the following month like seedDemo. */
function* copyLines(
  rows: Iterable<GeneratedObservation>,
  dialogueId: number,
  ids: Map<string, number>,
  linesPerChunk: number,
): Generator<string> {
  const published = new Map<string, string>();
  let chunk: string[] = [];
  for (const o of rows) {
    let pub = published.get(o.period);
    if (!pub) {
      pub = `${addMonths(o.period, 1)}-20 12:00:00+00`;
      published.set(o.period, pub);
    }
    chunk.push(
      `${dialogueId}\t${ids.get(o.indicator)}\t${o.reporter}\t${o.period}-01\t${o.route}\t${o.citizenship}\t${o.borderType}\t${o.value}\tpublished\tdialogue\t${pub}\t${pub}\n`,
    );
    if (chunk.length >= linesPerChunk) {
      yield chunk.join('');
      chunk = [];
    }
  }
  if (chunk.length) yield chunk.join('');
}

export interface LoadedDemo {
  db: Db;
  dialogueId: number;
  observations: number;
  loadSeconds: number;
  refreshSeconds: number;
}

/** Native PostgreSQL: schema + demo dialogue, observations by COPY FROM STDIN, rollups, VACUUM ANALYZE. */
export async function loadDemoNative(url: string, scale: DemoScale): Promise<LoadedDemo> {
  const db = await connect({ databaseUrl: url });
  const { dialogueId } = await prepareDemoSchema(db, scale);
  const ids = await indicatorIds(db, dialogueId);
  const t0 = performance.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const stream = client.query(copyFrom(`COPY observations (${COPY_COLUMNS}) FROM STDIN`));
  let n = 0;
  const counted = function* () {
    for (const o of generateAtScale(scale)) {
      n++;
      yield o;
    }
  };
  await finished(Readable.from(copyLines(counted(), dialogueId, ids, 20_000)).pipe(stream));
  await client.query('VACUUM ANALYZE observations');
  await client.end();
  const loadSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  await refreshAggregates(db, dialogueId);
  return { db, dialogueId, observations: n, loadSeconds, refreshSeconds: (performance.now() - t1) / 1000 };
}

/** PGlite in a directory: schema + demo dialogue, observations by COPY FROM '/dev/blob' in chunks, rollups. */
export async function loadDemoPglite(dataDir: string, scale: DemoScale): Promise<LoadedDemo> {
  const setup = await connect({ dataDir });
  const { dialogueId } = await prepareDemoSchema(setup, scale);
  const ids = await indicatorIds(setup, dialogueId);
  await setup.close();
  const t0 = performance.now();
  const raw = await PGlite.create(dataDir, { relaxedDurability: true });
  let n = 0;
  const counted = function* () {
    for (const o of generateAtScale(scale)) {
      n++;
      yield o;
    }
  };
  for (const text of copyLines(counted(), dialogueId, ids, 250_000)) {
    await raw.query(`COPY observations (${COPY_COLUMNS}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
  }
  await raw.exec('VACUUM ANALYZE observations');
  await raw.close();
  const loadSeconds = (performance.now() - t0) / 1000;
  const db = await connect({ dataDir });
  const t1 = performance.now();
  await refreshAggregates(db, dialogueId);
  return { db, dialogueId, observations: n, loadSeconds, refreshSeconds: (performance.now() - t1) / 1000 };
}

export interface ImportFile {
  reporter: string;
  path: string;
  rows: number;
  bytes: number;
}

/** Columns of the import files: every breakdown the standard indicators may declare, '_T' where not broken down. */
export const IMPORT_COLUMNS = [
  'indicator',
  'reporter',
  'period',
  'route',
  'citizenship',
  'border_type',
  'sex',
  'age_group',
  'reason',
  'place',
  'document_type',
  'fraud_type',
  'return_type',
  'value',
] as const;
const IMPORT_HEADER = IMPORT_COLUMNS.join(',');
const TOTALS = ',_T,_T,_T,_T,_T,_T,_T';

/** Writes the scale's observations as CSV import files, one per reporter, in generation order. */
export async function writeImportFiles(scale: DemoScale, dir: string): Promise<ImportFile[]> {
  const files = new Map<string, { stream: WriteStream; file: ImportFile; buf: string[] }>();
  const flush = async (f: { stream: WriteStream; buf: string[] }) => {
    const text = f.buf.join('');
    f.buf = [];
    if (!f.stream.write(text)) await new Promise<void>((r) => f.stream.once('drain', () => r()));
  };
  for (const o of generateAtScale(scale)) {
    let f = files.get(o.reporter);
    if (!f) {
      const path = join(dir, `import-${scale}-${o.reporter}.csv`);
      const stream = createWriteStream(path);
      stream.write(`${IMPORT_HEADER}\n`);
      f = { stream, file: { reporter: o.reporter, path, rows: 0, bytes: 0 }, buf: [] };
      files.set(o.reporter, f);
    }
    f.buf.push(
      `${o.indicator},${o.reporter},${o.period},${o.route},${o.citizenship},${o.borderType}${TOTALS},${o.value}\n`,
    );
    f.file.rows++;
    if (f.buf.length >= 10_000) await flush(f);
  }
  for (const f of files.values()) {
    await flush(f);
    f.stream.end();
    await finished(f.stream);
    f.file.bytes = f.stream.bytesWritten;
  }
  return [...files.values()]
    .map((f) => f.file)
    .sort((a, b) => b.rows - a.rows || a.reporter.localeCompare(b.reporter));
}

/** Files (largest first) until at least `rows` rows are covered. */
export function pickFiles(files: readonly ImportFile[], rows: number): ImportFile[] {
  const out: ImportFile[] = [];
  let n = 0;
  for (const f of files) {
    if (n >= rows) break;
    out.push(f);
    n += f.rows;
  }
  return out;
}

export const STAGING_DDL = `CREATE TABLE IF NOT EXISTS observations_staging (${IMPORT_COLUMNS.map((c) => `${c} text`).join(', ')})`;

/** Bare COPY of import files into observations_staging on native PostgreSQL (pg-copy-streams). */
export async function copyFilesNative(client: pg.Client, files: readonly ImportFile[]): Promise<void> {
  const { createReadStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  for (const f of files) {
    await pipeline(
      createReadStream(f.path, { highWaterMark: 256 * 1024 }),
      client.query(copyFrom('COPY observations_staging FROM STDIN (FORMAT csv, HEADER true)')),
    );
  }
}

/** Bare COPY of import files into observations_staging on PGlite (COPY … FROM '/dev/blob'). */
export async function copyFilesPglite(raw: PGlite, files: readonly ImportFile[]): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  for (const f of files) {
    await raw.query(`COPY observations_staging FROM '/dev/blob' (FORMAT csv, HEADER true)`, [], {
      blob: new Blob([await readFile(f.path)]),
    });
  }
}

export { DEMO_SLUG };

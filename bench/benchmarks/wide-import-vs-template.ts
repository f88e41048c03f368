/**
 * A table wide by month (one row per route × border type × citizenship × sex, one column per month of
 * 2015–2024) of about 10^6 value cells, imported through an import mapping (issue 22: the mapping and the
 * unpivot run in the streaming path), against the same figures in the template layout (one figure per row)
 * through the template import. Both write one draft submission of every figure. Target: the mapped import
 * within 1.5 × the template's time, with flat memory (the peak RSS over the process's RSS before the import,
 * sampled every 50 ms, is reported for both).
 */

import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import sql from 'sql-template-tag';
import { connect, type Db, type DbKind } from '../../src/db/connect';
import type { ImportMapping } from '../../src/domain/import-mapping';
import { importObservationsCsvFile } from '../../src/modules/observations/observations.import';
import { importMappedAsSystem } from '../../src/modules/observations/observations.mapped-import';
import { DEMO_SLUG, prepareDemoSchema } from '../lib/demo-data';
import type { BenchEnv } from '../lib/env';
import type { Benchmark } from '../lib/types';

const BENCH = 'wide-import-vs-template';
const CELLS = 1_000_000;
const MONTHS = Array.from(
  { length: 120 },
  (_, i) => `${2015 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);
const SEX = ['F', 'M', '_U'];
const BORDER = ['LAND', 'SEA', 'AIR'];

interface Fixture {
  reporter: string;
  rows: { route: string; border: string; citizenship: string; sex: string }[];
}

async function fixtureOf(db: Db, dialogueId: number): Promise<Fixture> {
  const routes = (
    await db.query<{ code: string }>(
      sql`SELECT code FROM routes WHERE dialogue_id = ${dialogueId} ORDER BY code`,
    )
  ).map((r) => r.code);
  const [state] = await db.query<{ iso3: string }>(
    sql`SELECT country_iso3 AS iso3 FROM dialogue_states WHERE dialogue_id = ${dialogueId} ORDER BY 1 LIMIT 1`,
  );
  const countries = (await db.query<{ iso3: string }>(sql`SELECT iso3 FROM countries ORDER BY iso3`)).map(
    (r) => r.iso3,
  );
  const rows: Fixture['rows'] = [];
  const wanted = Math.ceil(CELLS / MONTHS.length);
  outer: for (const citizenship of countries)
    for (const route of routes)
      for (const border of BORDER)
        for (const sex of SEX) {
          rows.push({ route, border, citizenship, sex });
          if (rows.length >= wanted) break outer;
        }
  return { reporter: state!.iso3, rows };
}

/** The figure of a row and month: deterministic, so both files hold the same numbers. */
const figureOf = (r: number, m: number) => ((r * 31 + m * 17) % 997) + 1;

async function writeFiles(
  dir: string,
  f: Fixture,
): Promise<{ wide: string; template: string; cells: number }> {
  const wide = join(dir, 'wide.csv');
  const template = join(dir, 'template.csv');
  const w = createWriteStream(wide);
  const t = createWriteStream(template);
  const write = async (s: NodeJS.WritableStream, text: string) => {
    if (!s.write(text)) await once(s, 'drain');
  };
  await write(
    w,
    `route,border_type,citizenship,sex,${MONTHS.map((p) => `${p.slice(0, 4)}M${p.slice(5)}`).join(',')}\n`,
  );
  await write(t, 'indicator,period,route,border_type,citizenship,sex,age_group,value\n');
  let cells = 0;
  for (let r = 0; r < f.rows.length; r++) {
    const row = f.rows[r]!;
    await write(
      w,
      `${row.route},${row.border},${row.citizenship},${row.sex},${MONTHS.map((_p, m) => figureOf(r, m)).join(',')}\n`,
    );
    let lines = '';
    for (let m = 0; m < MONTHS.length; m++) {
      lines += `IBC,${MONTHS[m]},${row.route},${row.border},${row.citizenship},${row.sex},_T,${figureOf(r, m)}\n`;
      cells++;
    }
    await write(t, lines);
  }
  w.end();
  t.end();
  await Promise.all([once(w, 'finish'), once(t, 'finish')]);
  return { wide, template, cells };
}

const wideMapping = (): ImportMapping => ({
  header: [
    'route',
    'border_type',
    'citizenship',
    'sex',
    ...MONTHS.map((p) => `${p.slice(0, 4)}M${p.slice(5)}`),
  ],
  columns: [
    { kind: 'field', field: 'route' },
    { kind: 'field', field: 'border_type' },
    { kind: 'field', field: 'citizenship' },
    { kind: 'field', field: 'sex' },
    ...MONTHS.map((period) => ({ kind: 'period' as const, period })),
  ],
  fixed: { indicator: 'IBC' },
  codes: {},
});

/** Runs fn and samples the process's RSS meanwhile: seconds and peak RSS over the RSS before, in MiB. */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; seconds: number; peakMiB: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  try {
    const result = await fn();
    return {
      result,
      seconds: (performance.now() - t0) / 1000,
      peakMiB: (Math.max(peak, process.memoryUsage().rss) - before) / 1024 / 1024,
    };
  } finally {
    clearInterval(timer);
  }
}

async function freshDb(env: BenchEnv, kind: DbKind, name: string): Promise<{ db: Db; dialogueId: number }> {
  const db =
    kind === 'postgres'
      ? await connect({ databaseUrl: await env.createNativeDatabase(name) })
      : await connect({ dataDir: env.pgliteDir(name) });
  const { dialogueId } = await prepareDemoSchema(db, env.scale);
  // Every month of the files is expected: the reporting calendar is not what is measured.
  await db.query(sql`DELETE FROM reporting_calendars WHERE dialogue_id = ${dialogueId}`);
  return { db, dialogueId };
}

export const wideImportVsTemplate: Benchmark = {
  name: BENCH,
  summary:
    'a 10^6-cell table wide by month imported through a mapping vs the same figures in the template layout',
  async run(env) {
    for (const kind of ['postgres', 'pglite'] as DbKind[]) {
      const a = await freshDb(env, kind, `wide_template_${kind}`);
      const fixture = await fixtureOf(a.db, a.dialogueId);
      const files = await writeFiles(env.tmp, fixture);
      const template = await measured(() =>
        importObservationsCsvFile(a.db, 'system', {
          slug: DEMO_SLUG,
          path: files.template,
          reporter: fixture.reporter,
        }),
      );
      await a.db.close();
      const b = await freshDb(env, kind, `wide_mapped_${kind}`);
      const mapped = await measured(() =>
        importMappedAsSystem(b.db, {
          slug: DEMO_SLUG,
          format: 'csv',
          stream: createReadStream(files.wide, { highWaterMark: 256 * 1024 }),
          fileName: 'wide.csv',
          mapping: wideMapping(),
          reporter: fixture.reporter,
          maxBytes: Number.MAX_SAFE_INTEGER,
        }),
      );
      await b.db.close();
      if (mapped.result.observations !== files.cells || template.result.observations !== files.cells)
        throw new Error(
          `wrote ${mapped.result.observations} (mapped) / ${template.result.observations} (template), expected ${files.cells}`,
        );
      env.reporter.add({
        bench: BENCH,
        name: `wide-import.${kind}.seconds`,
        value: mapped.seconds,
        unit: 's',
        ratio: mapped.seconds / template.seconds,
        reference: `template-import@${template.seconds.toFixed(1)}s`,
        target: 'ratio ≤ 1.5',
        details: {
          cells: files.cells,
          wideRows: fixture.rows.length,
          mappedPeakRssMiB: Math.round(mapped.peakMiB),
          templatePeakRssMiB: Math.round(template.peakMiB),
          note:
            kind === 'pglite'
              ? 'PGlite runs in this process: its memory is in the RSS'
              : 'client process only',
        },
      });
      env.reporter.add({
        bench: BENCH,
        name: `wide-import.${kind}.peak-rss`,
        value: mapped.peakMiB,
        unit: 'MiB',
        ratio: template.peakMiB > 0 ? mapped.peakMiB / template.peakMiB : null,
        reference: `template-import@${Math.round(template.peakMiB)}MiB`,
      });
    }
  },
};

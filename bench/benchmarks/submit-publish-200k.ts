/**
 * Submit, validate and publish of one submission of 200,000 figures through the HTTP API (issue 23: on PGlite,
 * submit and publish each ≤ 10 s), on native PostgreSQL and PGlite. The figures (IBC of ITA: 4 routes × 2
 * border types × 50 citizenships × 2 sexes × 5 age groups × 50 months) are imported first as a draft through
 * the CSV import (not measured here; csv-import-vs-copy measures it). Each step is one request of the demo
 * accounts (provider submits; manager validates and publishes), so it includes the rules, the calendar and lock
 * checks, the superseding, the dashboard rollups and the events a publication sets off. Reference: the bare
 * status UPDATE of the same rows (run and rolled back just before the step): the row versions any status
 * change must write under this schema. One run per step (a step cannot be repeated on the same submission).
 * PASSAGE_BENCH_OLD_INDEXES=1 puts back the observations indexes of before migration 0052, for comparison.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import sql, { type Sql } from 'sql-template-tag';
import { connect, type Db, type DbKind } from '../../src/db/connect';
import { importObservationsCsvFile } from '../../src/modules/observations/observations.import';
import { buildApp } from '../../src/server/app';
import { DEMO_SLUG, prepareDemoSchema } from '../lib/demo-data';
import { loginDemoUser } from '../lib/demo-login';
import type { BenchEnv } from '../lib/env';
import { round, summarise, type Timing } from '../lib/stats';
import type { Benchmark } from '../lib/types';

const BENCH = 'submit-publish-200k';
const REPORTER = 'ITA'; // provider@demo.passage's state
const ROUTES = ['CMED', 'EMED', 'SILK', 'WBAL'];
const BORDER_TYPES = ['LAND', 'SEA'];
const SEXES = ['F', 'M'];
const AGE_GROUPS = ['Y_LT14', 'Y14-17', 'Y18-34', 'Y35-64', 'Y_GE65'];
/** 50 months (PASSAGE_BENCH_SP_MONTHS=1 for a quick check of the benchmark itself: 4,000 figures). */
const MONTHS = Array.from(
  { length: Number(process.env.PASSAGE_BENCH_SP_MONTHS ?? 50) },
  (_, i) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
);

/** The indexes of migrations 0001/0004, as before 0052 (PASSAGE_BENCH_OLD_INDEXES=1). */
const OLD_INDEXES = `DROP INDEX observations_dialogue_period_idx;
  CREATE INDEX observations_dialogue_period_idx ON observations (dialogue_id, indicator_id, period);
  DROP INDEX observations_reporter_period_idx;
  CREATE INDEX observations_reporter_period_idx ON observations (reporter_iso3, period) WHERE superseded_at IS NULL;`;

async function writeFigures(db: Db, dir: string): Promise<{ path: string; rows: number }> {
  const citizenships = (
    await db.query<{ iso3: string }>(
      sql`SELECT trim(iso3) AS iso3 FROM countries WHERE iso3 <> ${REPORTER} AND length(trim(iso3)) = 3 ORDER BY iso3 LIMIT 50`,
    )
  ).map((r) => r.iso3);
  const path = join(dir, 'submit-publish-200k.csv');
  const w = createWriteStream(path);
  w.write('indicator,reporter,period,route,border_type,citizenship,sex,age_group,value\n');
  let rows = 0;
  // The same value every month: no jump against last year, so no warning asks for a comment.
  for (const period of MONTHS) {
    const lines: string[] = [];
    for (const route of ROUTES)
      for (const border of BORDER_TYPES)
        for (const [c, cit] of citizenships.entries())
          for (const sex of SEXES)
            for (const [a, age] of AGE_GROUPS.entries()) {
              lines.push(
                `IBC,${REPORTER},${period},${route},${border},${cit},${sex},${age},${100 + c + a}\n`,
              );
              rows++;
            }
    if (!w.write(lines.join(''))) await new Promise<void>((r) => w.once('drain', () => r()));
  }
  w.end();
  await new Promise<void>((r) => w.once('finish', () => r()));
  return { path, rows };
}

/** Runs `update` in a transaction that is rolled back: the bare cost of the status change. */
async function bareUpdate(db: Db, update: Sql): Promise<number> {
  const rollback = new Error('rollback');
  const t0 = performance.now();
  await db
    .transaction(async (tx) => {
      await tx.query(update);
      throw rollback;
    })
    .catch((e) => {
      if (e !== rollback) throw e;
    });
  return performance.now() - t0;
}

async function step(app: FastifyInstance, cookie: string, url: string): Promise<number> {
  const t0 = performance.now();
  const res = await app.inject({
    method: 'POST',
    url,
    headers: { cookie, 'x-passage-csrf': '1' },
    payload: {},
  });
  const ms = performance.now() - t0;
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return ms;
}

async function runOne(env: BenchEnv, kind: DbKind, isOldIndexes: boolean): Promise<void> {
  const name = `submit_publish_${kind}`;
  const db =
    kind === 'postgres'
      ? await connect({ databaseUrl: await env.createNativeDatabase(name) })
      : await connect({ dataDir: env.pgliteDir(name) });
  try {
    const { dialogueId } = await prepareDemoSchema(db, env.scale);
    // Every month of the file is expected: the reporting calendar is not what is measured.
    await db.query(sql`DELETE FROM reporting_calendars WHERE dialogue_id = ${dialogueId}`);
    if (isOldIndexes) await db.exec(OLD_INDEXES);
    const file = await writeFigures(db, env.tmp);
    const t0 = performance.now();
    const imported = await importObservationsCsvFile(db, 'system', {
      slug: DEMO_SLUG,
      path: file.path,
      reporter: REPORTER,
    });
    const importMs = performance.now() - t0;
    if (imported.observations !== file.rows)
      throw new Error(`imported ${imported.observations} figures, expected ${file.rows}`);
    const id = imported.submissionId;
    // The demo manager has no second factor; enrolment is not what is measured (restored below).
    const require2fa = process.env.PASSAGE_REQUIRE_2FA_ROLES;
    process.env.PASSAGE_REQUIRE_2FA_ROLES = 'none';
    const app = await buildApp({ db });
    await app.ready();
    try {
      const provider = await loginDemoUser(app, db, 'provider@demo.passage');
      const manager = await loginDemoUser(app, db, 'manager@demo.passage');
      const url = (action: string) => `/api/dialogues/${DEMO_SLUG}/submissions/${id}/${action}`;
      const current = sql`submission_id = ${id} AND superseded_at IS NULL`;
      const steps: { action: string; cookie: string; bare: Sql; target?: number }[] = [
        {
          action: 'submit',
          cookie: provider.cookie,
          bare: sql`UPDATE observations SET status = 'submitted' WHERE ${current}`,
          target: 10_000,
        },
        {
          action: 'validate',
          cookie: manager.cookie,
          bare: sql`UPDATE observations SET status = 'validated' WHERE ${current}`,
        },
        {
          action: 'publish',
          cookie: manager.cookie,
          bare: sql`UPDATE observations SET status = 'published', published_at = now() WHERE ${current}`,
          target: 10_000,
        },
      ];
      const variant = isOldIndexes ? '.old-indexes' : '';
      for (const s of steps) {
        const reference: Timing = summarise([await bareUpdate(db, s.bare)]);
        const subject: Timing = summarise([await step(app, s.cookie, url(s.action))]);
        const strip = ({ samples, ...t }: Timing) => ({ ...t, runs: samples.length });
        const isPglite = kind === 'pglite';
        env.reporter.add({
          bench: BENCH,
          name: `submit-publish.${s.action}${variant}.${kind}.seconds`,
          value: subject.median / 1000,
          unit: 's',
          ratio: subject.median / reference.median,
          reference: `bare-status-update@${round(reference.median / 1000)}s`,
          ...(s.target !== undefined && isPglite
            ? {
                target: `≤ ${s.target / 1000} s (PGlite, 200k figures)`,
                isTargetMet: subject.median <= s.target,
              }
            : {}),
          timing: strip(subject),
          details: { figures: file.rows, reference: strip(reference), importSeconds: round(importMs / 1000) },
        });
      }
    } finally {
      await app.close();
      if (require2fa === undefined) delete process.env.PASSAGE_REQUIRE_2FA_ROLES;
      else process.env.PASSAGE_REQUIRE_2FA_ROLES = require2fa;
    }
  } finally {
    await db.close();
  }
}

export const submitPublish200k: Benchmark = {
  name: BENCH,
  summary:
    'submit, validate and publish of 200,000 figures through the API vs the bare status UPDATE, both databases',
  async run(env) {
    const isOldIndexes = process.env.PASSAGE_BENCH_OLD_INDEXES === '1';
    env.reporter.note(
      BENCH,
      `${(MONTHS.length * 4000).toLocaleString('en')} figures of ${REPORTER} in one submission, imported as a draft first; one run per step${isOldIndexes ? '; observations indexes as before migration 0052' : ''}`,
    );
    const kinds = (process.env.PASSAGE_BENCH_SP_DATABASES ?? 'postgres,pglite').split(',') as DbKind[];
    for (const kind of kinds) await runOne(env, kind, isOldIndexes);
  },
};

/**
 * Query plans of the reads that use observations' secondary indexes, before and after migration 0052 (issue
 * 23), in one run on native PostgreSQL: the demo data at --scale (default 1e6) published, plus one reporter's
 * file imported as a draft and another's submitted. "after" is the schema as migrated; "before" puts back the
 * indexes of migrations 0001/0004 and runs the reads in their earlier form (the three reads 0052 rewrote).
 * Each read runs as the member who would run it (row-level security on), warm (2 runs, the second shown).
 * Prints one line per read and plan: `npx tsx bench/explain-observation-reads.ts [--scale=1e6]`.
 * The summary goes into docs/observations-storage.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import pg from 'pg';
import sql, { join, raw, type Sql } from 'sql-template-tag';
import type { Db, Queryable } from '../src/db/connect';
import { fromObservationRows, observationColumns } from '../src/db/observation-fragments';
import { withActor } from '../src/db/with-actor';
import { type DemoScale, isDemoScale } from '../src/demo/scale';
import { DIMENSIONS } from '../src/domain/observations/dimensions';
import { reporterMonthSql, seriesSql } from '../src/modules/analytics/analytics.sql';
import { listReceipts, listReceived } from '../src/modules/calendars/calendars.sql';
import { importObservationsCsvFile } from '../src/modules/observations/observations.import';
import {
  listFigureRevisions,
  publishedObservationFilter,
  readPublishedObservationPage,
} from '../src/modules/observations/observations.sql';
import {
  listCurrentObservationsPage,
  listPublishedObservationsBetween,
  summariseDiff,
} from '../src/modules/submissions/submissions.sql';
import { listPublishedFigures } from '../src/modules/validation-rules/validation-rules.sql';
import type { Actor } from '../src/shared/actor';
import { startNativeCluster } from '../test/native-postgres';
import { loadDemoNative, writeImportFiles } from './lib/demo-data';
import { NATIVE_SETTINGS } from './lib/env';

const scaleArg = process.argv.find((a) => a.startsWith('--scale='))?.slice(8) ?? '1e6';
if (!isDemoScale(scaleArg)) throw new Error('--scale must be 1e5, 1e6 or 1e7');
const scale: DemoScale = scaleArg;

/** The Sql a query builder runs (a Queryable that records instead of running). */
async function capture(run: (q: Queryable) => Promise<unknown>): Promise<Sql> {
  let got: Sql | undefined;
  const q = {
    query: async (s: Sql) => {
      got ??= s;
      return [];
    },
    exec: async () => {},
    copyFrom: async () => {},
  } satisfies Queryable;
  await run(q);
  if (!got) throw new Error('no query captured');
  return got;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
}

function scans(n: PlanNode, out: string[] = []): string[] {
  if (n['Relation Name'] === 'observations' || n['Index Name']?.startsWith('observations'))
    out.push(n['Index Name'] ? `${n['Node Type']} ${n['Index Name']}` : `${n['Node Type']} observations`);
  for (const c of n.Plans ?? []) scans(c, out);
  return out;
}

async function explain(db: Db, actor: Actor | null, q: Sql): Promise<string> {
  let line = '';
  for (let run = 0; run < 2; run++)
    line = await withActor(db, actor, async (tx) => {
      const [r] = await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode; 'Execution Time': number }] }>({
        ...q,
        text: `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.text}`,
      } as Sql);
      const p = r!['QUERY PLAN'][0];
      const blocks = (p.Plan['Shared Hit Blocks'] ?? 0) + (p.Plan['Shared Read Blocks'] ?? 0);
      return `${p['Execution Time'].toFixed(1)} ms, ${blocks} buffers; ${[...new Set(scans(p.Plan))].join(' + ')}`;
    });
  return line;
}

/** The three reads migration 0052 rewrote, as they were (git show 0052^:…). */
const before = {
  listReceived: (dialogueId: number, since: string) => sql`SELECT DISTINCT
      o.reporter_iso3 AS reporter, i.code AS indicator, to_char(o.period, 'YYYY-MM') AS period
    FROM observations o JOIN indicators i ON i.id = o.indicator_id
    WHERE o.dialogue_id = ${dialogueId} AND o.period >= ${`${since}-01`}::date AND o.superseded_at IS NULL
      AND o.status IN ('submitted', 'validated', 'published')`,
  listReceipts: (dialogueId: number, from: string, to: string) => sql`SELECT
      trim(o.reporter_iso3) AS reporter, i.code AS indicator, to_char(o.period, 'YYYY-MM') AS period,
      to_char(min(coalesce(s.submitted_at, o.published_at, o.recorded_at)) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS received_on
    FROM observations o JOIN indicators i ON i.id = o.indicator_id LEFT JOIN submissions s ON s.id = o.submission_id
    WHERE o.dialogue_id = ${dialogueId}
      AND o.period BETWEEN ${`${from}-01`}::date AND ${`${to}-01`}::date
      AND (o.status = 'published' OR (o.superseded_at IS NULL AND o.status IN ('submitted', 'validated')))
    GROUP BY o.reporter_iso3, i.code, o.period`,
  listFigureRevisions: (
    dialogueId: number,
    indicator: string,
    reporter: string,
    period: string,
    key: Record<string, string>,
  ) =>
    sql`SELECT ${observationColumns} ${fromObservationRows}
    WHERE o.dialogue_id = ${dialogueId} AND i.code = ${indicator} AND o.reporter_iso3 = ${reporter}
      AND o.period = ${`${period}-01`}::date
      AND ${join(
        DIMENSIONS.map((c) => sql`o.${raw(c)} = ${key[c]}`),
        ' AND ',
      )}
      AND ((o.status = 'published') OR true)
    ORDER BY o.recorded_at, o.revision, o.id`,
};

const OLD_INDEXES = `DROP INDEX observations_dialogue_period_idx;
  CREATE INDEX observations_dialogue_period_idx ON observations (dialogue_id, indicator_id, period);
  DROP INDEX observations_reporter_period_idx;
  CREATE INDEX observations_reporter_period_idx ON observations (reporter_iso3, period) WHERE superseded_at IS NULL;
  ANALYZE observations;`;

const tmp = mkdtempSync(joinPath(tmpdir(), 'passage-explain-'));
const cluster = await startNativeCluster(NATIVE_SETTINGS);
try {
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('CREATE DATABASE explain_reads');
  await admin.end();
  const loaded = await loadDemoNative(cluster.url.replace(/\/[^/]*$/, '/explain_reads'), scale);
  const db = loaded.db;
  const dialogueId = loaded.dialogueId;
  const files = await writeImportFiles(scale, tmp);
  const [draftFile, submittedFile] = files;
  const draft = await importObservationsCsvFile(db, 'system', {
    slug: 'demo',
    path: draftFile!.path,
    reporter: draftFile!.reporter,
  });
  const sub = await importObservationsCsvFile(db, 'system', {
    slug: 'demo',
    path: submittedFile!.path,
    reporter: submittedFile!.reporter,
  });
  await db.query(
    sql`UPDATE submissions SET status = 'submitted', submitted_at = now() WHERE id = ${sub.submissionId}`,
  );
  await db.query(sql`UPDATE observations SET status = 'submitted' WHERE submission_id = ${sub.submissionId}`);
  await db.exec('VACUUM ANALYZE observations');
  const [ids] = await db.query<{ ibc: number; secretariat: number; u: number }>(sql`SELECT
      (SELECT id FROM indicators WHERE dialogue_id = ${dialogueId} AND code = 'IBC') AS ibc,
      (SELECT secretariat_org_id FROM dialogues WHERE id = ${dialogueId}) AS secretariat,
      (SELECT min(id) FROM users) AS u`);
  const [fig] = await db.query<
    Record<string, string>
  >(sql`SELECT ${raw(DIMENSIONS.join(', '))}, to_char(period, 'YYYY-MM') AS period
    FROM observations WHERE submission_id = ${draft.submissionId} AND indicator_id = ${ids!.ibc} LIMIT 1`);
  const analyst: Actor = {
    userId: ids!.u,
    orgId: 0,
    orgKind: 'state',
    countryIso3: draft.reporter,
    email: 'a@example.org',
    name: 'analyst',
    roles: { [dialogueId]: ['analyst', 'data_provider'] },
  };
  const manager: Actor = {
    userId: ids!.u,
    orgId: ids!.secretariat,
    orgKind: 'secretariat',
    countryIso3: null,
    email: 'm@example.org',
    name: 'data manager',
    roles: { [dialogueId]: ['data_manager'] },
  };
  const breakdowns = DIMENSIONS;
  const reads: { name: string; actor: Actor; sql: () => Promise<Sql> }[] = [
    {
      name: 'dashboard series as of a date (vintage, raw observations)',
      actor: analyst,
      sql: async () =>
        seriesSql({
          indicatorId: ids!.ibc,
          route: 'EMED',
          classes: ['public', 'dialogue'],
          breakdowns,
          dialogueId,
          cutoff: '2024-06-30T00:00:00Z',
          from: '2023-01',
          to: '2024-06',
        }),
    },
    {
      name: 'reporter-month (GRC 2024-06)',
      actor: analyst,
      sql: async () =>
        reporterMonthSql({
          dialogueId,
          reporter: 'GRC',
          period: '2024-06',
          classes: ['public', 'dialogue'],
          actor: analyst,
          breakdowns,
        }),
    },
    {
      name: 'export page (published, dialogue, IBC)',
      actor: analyst,
      sql: () =>
        capture((q) =>
          readPublishedObservationPage(
            q,
            sql`${publishedObservationFilter(analyst, dialogueId, { indicator: 'IBC' })}`,
            0,
            1000,
          ),
        ),
    },
    {
      name: 'export page as of 2024-06-30 (vintage)',
      actor: analyst,
      sql: () =>
        capture((q) =>
          readPublishedObservationPage(
            q,
            sql`${publishedObservationFilter(analyst, dialogueId, { indicator: 'IBC', asOf: '2024-06-30' })}`,
            0,
            1000,
          ),
        ),
    },
    {
      name: 'submission review: page of its figures',
      actor: manager,
      sql: () =>
        capture((q) => listCurrentObservationsPage(q, draft.submissionId, { limit: 100, offset: 0 })),
    },
    {
      name: 'submission review: diff summary',
      actor: manager,
      sql: () => capture((q) => summariseDiff(q, draft.submissionId)),
    },
    {
      name: "rules' history (reporter, indicator, 36 months)",
      actor: manager,
      sql: () =>
        capture((q) =>
          listPublishedObservationsBetween(q, {
            dialogueId,
            indicatorId: ids!.ibc,
            reporter: draft.reporter,
            from: '2021-06',
            to: '2024-06',
          }),
        ),
    },
    {
      name: 'validation run: published figures of a group',
      actor: manager,
      sql: () =>
        capture((q) =>
          listPublishedFigures(q, {
            dialogueId,
            indicatorId: ids!.ibc,
            reporter: draft.reporter,
            from: '2024-01',
            to: '2024-12',
          }),
        ),
    },
  ];
  const rewritten = (old: boolean): { name: string; actor: Actor; sql: () => Promise<Sql> }[] => [
    {
      name: 'calendar: received since 2025-01',
      actor: manager,
      sql: async () =>
        old
          ? before.listReceived(dialogueId, '2025-01')
          : capture((q) => listReceived(q, dialogueId, '2025-01')),
    },
    {
      name: 'calendar: receipts 2025-01..2025-09',
      actor: manager,
      sql: async () =>
        old
          ? before.listReceipts(dialogueId, '2025-01', '2025-09')
          : capture((q) => listReceipts(q, dialogueId, { from: '2025-01', to: '2025-09' })),
    },
    {
      name: "a figure's history, as the secretariat (pending included)",
      actor: manager,
      sql: async () =>
        old
          ? before.listFigureRevisions(dialogueId, 'IBC', draft.reporter, fig!.period!, fig!)
          : capture((q) =>
              listFigureRevisions(q, manager, {
                dialogueId,
                indicator: 'IBC',
                reporter: draft.reporter,
                period: fig!.period!,
                breakdowns: Object.fromEntries(DIMENSIONS.map((d) => [d, fig![d]!])) as never,
                seePending: true,
              }),
            ),
    },
  ];
  const results: Record<string, { after?: string; before?: string }> = {};
  const entry = (name: string) => {
    results[name] ??= {};
    return results[name];
  };
  for (const r of [...reads, ...rewritten(false)])
    entry(r.name).after = await explain(db, r.actor, await r.sql());
  await db.exec(OLD_INDEXES);
  for (const r of [...reads, ...rewritten(true)])
    entry(r.name).before = await explain(db, r.actor, await r.sql());
  console.log(
    `scale ${scale}: ${loaded.observations} published observations; draft ${draft.observations}, submitted ${sub.observations}`,
  );
  for (const [name, r] of Object.entries(results))
    console.log(`${name}\n  before: ${r.before}\n  after:  ${r.after}`);
  await db.close();
} finally {
  cluster.stop();
  rmSync(tmp, { recursive: true, force: true });
}

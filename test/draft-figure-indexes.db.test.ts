/**
 * Migration 0052: a submission's current unpublished figures stay out of observations_dialogue_period_idx and
 * observations_reporter_period_idx (observations_pending_key indexes them), published ones go in; the reads of
 * published figures can still use those indexes as a member (row-level security on), and the reads that also
 * want pending figures (a figure's history, the calendar's receipts) find them through the submissions.
 */
import sql, { raw } from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withActor } from '../src/db/with-actor';
import { DIMENSIONS } from '../src/domain/observations/dimensions';
import { reporterMonthSql } from '../src/modules/analytics/analytics.sql';
import { listReceived } from '../src/modules/calendars/calendars.sql';
import {
  listFigureRevisions,
  publishedObservationFilter,
} from '../src/modules/observations/observations.sql';
import type { Actor } from '../src/shared/actor';
import { createTestDb, type TestDb, testDatabases } from './databases';
import { makeIndicators } from './exchange-world';
import { makeDialogue, makeOrganisation } from './factories';

describe.each(testDatabases())('draft figures and the read indexes [%s]', (kind) => {
  let t: TestDb;
  let dialogueId: number;
  let indicatorId: number;
  let member: Actor;
  let secretariat: Actor;
  const ids: Record<'published' | 'draft' | 'submitted', number> = { published: 0, draft: 0, submitted: 0 };

  const submission = async (status: string) =>
    (
      await t.db.query<{
        id: number;
      }>(sql`INSERT INTO submissions (dialogue_id, reporter_iso3, status, source)
        VALUES (${dialogueId}, 'ITA', ${status}, 'csv') RETURNING id`)
    )[0]!.id;
  const figure = async (status: string, submissionId: number | null, value: number, period = '2025-03-01') =>
    (
      await t.db.query<{ id: number }>(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3,
          period, value, status, revision, classification, submission_id, published_at)
        VALUES (${dialogueId}, ${indicatorId}, 'ITA', ${period}::date, ${value}, ${status},
          ${status === 'published' ? 1 : 2}, 'dialogue', ${submissionId},
          ${status === 'published' ? sql`now() - interval '1 day'` : null}) RETURNING id`)
    )[0]!.id;

  beforeAll(async () => {
    t = await createTestDb(kind);
    const d = await makeDialogue(t.db);
    dialogueId = d.id;
    await makeIndicators(t.db, d.id, d.secretariatOrgId);
    indicatorId = (
      await t.db.query<{ id: number }>(
        sql`SELECT id FROM indicators WHERE dialogue_id = ${d.id} AND code = 'IBC'`,
      )
    )[0]!.id;
    ids.published = await figure('published', await submission('published'), 10);
    ids.draft = await figure('draft', await submission('draft'), 11);
    ids.submitted = await figure('submitted', await submission('submitted'), 12, '2025-04-01');
    const org = await makeOrganisation(t.db, { country: 'GRC' });
    member = {
      userId: 1,
      orgId: org.id,
      orgKind: 'state',
      countryIso3: 'GRC',
      email: 'm@example.org',
      name: 'Member',
      roles: { [dialogueId]: ['analyst'] },
    };
    secretariat = {
      userId: 1,
      orgId: d.secretariatOrgId,
      orgKind: 'secretariat',
      countryIso3: null,
      email: 's@example.org',
      name: 'Secretariat',
      roles: { [dialogueId]: ['data_manager'] },
    };
  });
  afterAll(() => t?.drop());

  /** Whether the row is in the index: its predicate (from the catalog) evaluated on the row. */
  const isIndexed = async (index: string, id: number) => {
    const [p] = await t.db.query<{ pred: string }>(
      sql`SELECT pg_get_expr(indpred, indrelid) AS pred FROM pg_index WHERE indexrelid = ${index}::regclass`,
    );
    const [r] = await t.db.query<{ is: boolean }>(
      sql`SELECT (${raw(p!.pred)}) AS is FROM observations WHERE id = ${id}`,
    );
    return r!.is;
  };

  it('keeps a submission’s current unpublished figures out of the two read indexes, published ones in', async () => {
    for (const index of ['observations_dialogue_period_idx', 'observations_reporter_period_idx']) {
      expect(await isIndexed(index, ids.published)).toBe(true);
      expect(await isIndexed(index, ids.draft)).toBe(false);
      expect(await isIndexed(index, ids.submitted)).toBe(false);
    }
    expect(await isIndexed('observations_pending_key', ids.draft)).toBe(true);
    // Superseded, the draft revision is history: the dialogue's index has it again.
    await t.db.query(sql`UPDATE observations SET superseded_at = now() WHERE id = ${ids.draft}`);
    expect(await isIndexed('observations_dialogue_period_idx', ids.draft)).toBe(true);
    await t.db.query(sql`UPDATE observations SET superseded_at = NULL WHERE id = ${ids.draft}`);
  });

  const planAs = (actor: Actor, q: ReturnType<typeof sql>) =>
    withActor(t.db, actor, async (tx) => {
      // A tiny table is scanned whatever the indexes; without sequential scans the plan shows whether the
      // index is usable at all under the caller's role and row-level security.
      await tx.query(sql`SELECT set_config('enable_seqscan', 'off', true)`);
      const rows = await tx.query<{ 'QUERY PLAN': string }>({ ...q, text: `EXPLAIN ${q.text}` } as typeof q);
      return rows.map((r) => r['QUERY PLAN']).join('\n');
    });

  it("a member's reporter-month and vintage reads can use them", async () => {
    const reporterMonth = reporterMonthSql({
      dialogueId,
      reporter: 'ITA',
      period: '2025-03',
      classes: ['public', 'dialogue'],
      actor: member,
      breakdowns: DIMENSIONS,
    });
    // On a tiny table the planner may prefer the published key (reporter and month as its inner columns):
    // either is an index of published figures only, and neither is a scan of the table.
    const plan = await planAs(member, reporterMonth);
    expect(plan).toMatch(/(Scan using|Scan on) observations_(reporter_period_idx|published_key)/);
    expect(plan).not.toContain('Seq Scan on observations');
    const vintage = sql`SELECT o.id FROM observations o JOIN indicators i ON i.id = o.indicator_id
      WHERE ${publishedObservationFilter(member, dialogueId, { asOf: '2025-12-31' })}`;
    const vintagePlan = await planAs(member, vintage);
    expect(vintagePlan).toContain('observations_dialogue_period_idx');
    expect(vintagePlan).not.toContain('Seq Scan on observations');
  });

  it("a figure's history: pending revisions for the secretariat, published only for a member", async () => {
    const history = (actor: Actor, seePending: boolean) =>
      withActor(t.db, actor, (tx) =>
        listFigureRevisions(tx, actor, {
          dialogueId,
          indicator: 'IBC',
          reporter: 'ITA',
          period: '2025-03',
          breakdowns: Object.fromEntries(DIMENSIONS.map((d) => [d, '_T'])) as never,
          seePending,
        }),
      );
    expect((await history(secretariat, true)).map((r) => r.id)).toEqual([ids.published, ids.draft]);
    expect((await history(member, false)).map((r) => r.id)).toEqual([ids.published]);
    // The pending revisions come through the submissions and observations_pending_key, not a table scan.
    let captured: ReturnType<typeof sql> | undefined;
    await listFigureRevisions(
      {
        query: async (q) => {
          captured = q;
          return [];
        },
        exec: async () => {},
        copyFrom: async () => {},
      },
      secretariat,
      {
        dialogueId,
        indicator: 'IBC',
        reporter: 'ITA',
        period: '2025-03',
        breakdowns: Object.fromEntries(DIMENSIONS.map((d) => [d, '_T'])) as never,
        seePending: true,
      },
    );
    const plan = await planAs(secretariat, captured!);
    expect(plan).toContain('observations_pending_key');
    expect(plan).toContain('observations_dialogue_period_idx');
    expect(plan).not.toContain('Seq Scan on observations');
  });

  it('the calendar counts submitted and published figures, not drafts', async () => {
    const rows = await withActor(t.db, secretariat, (tx) => listReceived(tx, dialogueId, '2025-01'));
    expect(rows.map((r) => r.period).sort()).toEqual(['2025-03', '2025-04']);
  });
});

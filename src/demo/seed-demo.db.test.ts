/**
 * The demo's reporting calendar is realistic: it expects from each state what the state reports, so the
 * overdue list is not full of a non-reporting origin country (Afghanistan); its published months are locked.
 */
import pino from 'pino';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/databases';
import { listOverdue, receivedKey } from '../domain/calendars/reporting-calendar';
import { loadReportingCalendar } from '../modules/calendars/calendars.service';
import { search } from '../modules/search/search.service';
import { seedDemo } from './seed-demo';

describe('demo calendar [pglite]', () => {
  let t: TestDb;
  let dialogueId: number;
  beforeAll(async () => {
    t = await createTestDb('pglite');
    // Two years keep the test quick; the calendar follows the generated months.
    dialogueId = (await seedDemo(t.db, { from: '2024-01', to: '2025-09' })).dialogueId;
  });
  afterAll(() => t?.drop());

  it('expects nothing of Afghanistan and exactly what the other states report', async () => {
    const entries = await loadReportingCalendar(t.db, dialogueId);
    expect(entries.some((e) => e.reporter === 'AFG')).toBe(false);
    expect(entries.find((e) => e.reporter === 'ITA' && e.indicator === 'IBC')).toMatchObject({
      from: '2024-01',
    });
    const reported = await t.db.query<{
      reporter: string;
      indicator: string;
      period: string;
    }>(sql`SELECT DISTINCT
        trim(o.reporter_iso3) AS reporter, i.code AS indicator, to_char(o.period, 'YYYY-MM') AS period
      FROM observations o JOIN indicators i ON i.id = o.indicator_id WHERE o.dialogue_id = ${dialogueId}`);
    const pairs = new Set(reported.map((r) => `${r.reporter}|${r.indicator}`));
    expect(new Set(entries.map((e) => `${e.reporter}|${e.indicator}`))).toEqual(pairs);
    // Up to the last generated month, nothing the calendar expects is overdue.
    const received = new Set(reported.map((r) => receivedKey(r.reporter, r.indicator, r.period)));
    expect(listOverdue(entries, received, '2025-10-20')).toEqual([]);
    const later = listOverdue(entries, received, '2025-11-20');
    expect(later.length).toBe(entries.length);
    expect(later.every((o) => o.period === '2025-10' && o.reporter !== 'AFG')).toBe(true);
  });

  it('seeds an open draft consultation whose comments sit on paragraphs of its split', async () => {
    const rows = await t.db.query<{ status: string; text: string; keys: string[]; commented: string[] }>(
      sql`SELECT c.status, v.text, ARRAY(SELECT b->>'key' FROM jsonb_array_elements(v.blocks) b
          WHERE b->>'kind' = 'paragraph') AS keys,
        ARRAY(SELECT DISTINCT paragraph_key FROM consultation_comments k WHERE k.consultation_id = c.id) AS commented
        FROM consultations c JOIN consultation_versions v ON v.consultation_id = c.id
        WHERE c.dialogue_id = ${dialogueId}`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe('open');
    expect(rows[0]!.keys).toEqual(['p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    for (const k of rows[0]!.commented) expect(rows[0]!.keys).toContain(k);
  });

  it('locks the published months', async () => {
    const [row] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM period_locks WHERE dialogue_id = ${dialogueId} AND reopened_at IS NULL`,
    );
    expect(row!.n).toBeGreaterThan(0);
  });

  it('seeds synthetic library documents in three languages, searchable with the demo notices and routes', async () => {
    const ctx = { db: t.db, actor: null, log: pino({ level: 'silent' }) };
    const fr = await search(ctx, { q: 'routes migratoires', page: 1, pageSize: 20 });
    expect(fr.items[0]).toMatchObject({ type: 'document', language: 'fr' });
    const ru = await search(ctx, { q: 'миграционных маршрутах', page: 1, pageSize: 20 });
    expect(ru.items[0]).toMatchObject({ type: 'document', language: 'ru' });
    const [row] = await t.db.query<{ types: string[] }>(
      sql`SELECT array_agg(DISTINCT item_type ORDER BY item_type) AS types FROM search_items`,
    );
    expect(row!.types).toEqual(['agreement', 'document', 'indicator', 'notice', 'practice', 'route']);
    const [agreements] = await t.db.query<{ n: number; synthetic: number }>(
      sql`SELECT count(*)::int AS n, count(*) FILTER (WHERE title LIKE '%(synthetic)')::int AS synthetic FROM agreements`,
    );
    expect(agreements).toEqual({ n: 12, synthetic: 12 });
  });

  it('seeds ten synthetic practices, eight published and searchable', async () => {
    const [p] = await t.db.query<{ statuses: string[]; areas: number; indexed: number }>(sql`
      SELECT ARRAY(SELECT status FROM practices WHERE dialogue_id = ${dialogueId} ORDER BY status) AS statuses,
        (SELECT count(DISTINCT area)::int FROM practices WHERE dialogue_id = ${dialogueId}) AS areas,
        (SELECT count(*)::int FROM search_items WHERE item_type = 'practice') AS indexed`);
    expect(p!.statuses.filter((s) => s === 'published')).toHaveLength(8);
    expect(p!.statuses).toHaveLength(10);
    expect(p!.areas).toBe(6);
    expect(p!.indexed).toBe(8);
  });

  it('seeds a synthetic declaration split by its numbering, with a closed and an open reporting cycle', async () => {
    const [d] = await t.db.query<{ commitments: number; cycles: string[]; reports: number }>(sql`
      SELECT (SELECT count(*)::int FROM monitoring_commitments c WHERE c.declaration_id = d.id) AS commitments,
        ARRAY(SELECT status FROM monitoring_cycles y WHERE y.declaration_id = d.id ORDER BY opened_at) AS cycles,
        (SELECT count(*)::int FROM monitoring_reports r WHERE r.dialogue_id = d.dialogue_id) AS reports
      FROM monitoring_declarations d WHERE d.dialogue_id = ${dialogueId}`);
    expect(d).toEqual({ commitments: 7, cycles: ['closed', 'open'], reports: 15 });
    const [m] = await t.db.query<{ meetings: number; open: number }>(sql`
      SELECT (SELECT count(*)::int FROM meetings WHERE dialogue_id = ${dialogueId}) AS meetings,
        (SELECT count(*)::int FROM meeting_actions WHERE dialogue_id = ${dialogueId} AND status = 'open') AS open`);
    expect(m).toEqual({ meetings: 2, open: 1 });
  });
});

/**
 * Issue 14, "partial reporting is visible": a route total says how many of the expected states it holds for
 * each month (from the reporting calendar), and year-on-year / year-to-date changes compare like for like by
 * default — only the states present in both months — with `comparison=raw` for the published totals.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeRoute, makeUser } from '../../../../test/factories';
import { refreshAggregates } from '../analytics.service';

describe.each(testDatabases())('analytics partial reporting [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let memberCookie: string;
  let outsiderCookie: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'dialogue', states: ['GRC', 'ITA', 'ESP', 'MLT'] });
    const other = await makeDialogue(t.db, { classification: 'dialogue' });
    slug = d.slug;
    await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code: 'CMR' });
    const [ind] = await t.db.query<{ id: number }>(sql`INSERT INTO indicators
        (dialogue_id, code, name, breakdowns, classification, originator_org_id)
      VALUES (${d.id}, 'IBC', ${JSON.stringify({ en: 'IBC' })}::jsonb, ${['route', 'citizenship']},
        'dialogue', ${d.secretariatOrgId}) RETURNING id`);
    // GRC, ITA and ESP report CMR every month of 2025 (1,000 each); MLT never reports CMR. In January 2026
    // only ITA has reported (600): a raw comparison says −80 %, like for like −40 %.
    const rows: [string, string, number][] = [];
    for (const m of ['01', '02']) for (const r of ['GRC', 'ITA', 'ESP']) rows.push([r, `2025-${m}`, 1000]);
    rows.push(['ITA', '2026-01', 600]);
    for (const [reporter, period, value] of rows)
      await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route,
          citizenship, value, classification, status, revision)
        VALUES (${d.id}, ${ind!.id}, ${reporter}, ${`${period}-01`}::date, 'CMR', '_T', ${value}, 'dialogue',
          'published', 1)`);
    await refreshAggregates(t.db, d.id);
    const member = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'viewer' }] });
    const outsider = await makeUser(t.db, { roles: [{ dialogueId: other.id, role: 'analyst' }] });
    memberCookie = await loginCookie(t.app, member.email, member.password);
    outsiderCookie = await loginCookie(t.app, outsider.email, outsider.password);
  });
  afterAll(() => t?.close());

  const series = async (query: string, cookie = memberCookie) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/analytics/series?indicator=IBC&route=CMR&${query}`,
      headers: { cookie },
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };

  it('says "1 of 3 reported" for the new month and compares like for like by default', async () => {
    const v = await series('from=2026-01&to=2026-01');
    expect(v.comparison).toBe('like_for_like');
    expect(v.points).toEqual([
      {
        period: '2026-01',
        value: 600,
        reported: 1,
        expected: 3, // MLT is a member but never reports this route: not expected on it
        complete: false,
        comparedValue: 600,
        comparedReporters: 1,
        previous: 1000,
        yoyPct: -40,
        ytd: 600,
        comparedYtd: 600,
        ytdPrevious: 1000,
        ytdYoyPct: -40,
        status: 'reported',
      },
    ]);
    const full = await series('from=2025-01&to=2025-02');
    expect(full.points.map((p: { reported: number; complete: boolean }) => [p.reported, p.complete])).toEqual(
      [
        [3, true],
        [3, true],
      ],
    );
  });

  it('comparison=raw gives the published totals, as before', async () => {
    const v = await series('from=2026-01&to=2026-01&comparison=raw');
    expect(v.comparison).toBe('raw');
    expect(v.points[0]).toMatchObject({
      value: 600,
      reported: 1,
      comparedReporters: null,
      previous: 3000,
      yoyPct: -80,
      ytdPrevious: 3000,
      ytdYoyPct: -80,
    });
  });

  it('an unknown comparison is refused naming the field; outsiders get 404', async () => {
    const bad = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/analytics/series?indicator=IBC&route=CMR&comparison=nope`,
      headers: { cookie: memberCookie },
    });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toMatch(/comparison/);
    const denied = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/analytics/series?indicator=IBC&route=CMR`,
      headers: { cookie: outsiderCookie },
    });
    expect(denied.statusCode).toBe(404);
  });
});

/**
 * Issue 14, "time is continuous": a series answers one point per month of its range and a month without
 * figures is a gap (null values, status "missing") in JSON and in the CSV export, never a zero nor skipped.
 * Its own dialogue, so the other analytics tests' fixtures stay untouched.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, problemWithoutInstance, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeRoute, makeUser } from '../../../../test/factories';
import { refreshAggregates } from '../analytics.service';

describe.each(testDatabases())('analytics gaps [%s]', (kind) => {
  let t: TestApp;
  let slug: string;
  let memberCookie: string;
  let outsiderCookie: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    const other = await makeDialogue(t.db, { classification: 'dialogue' });
    slug = d.slug;
    await makeRoute(t.db, {
      dialogueId: d.id,
      originatorOrgId: d.secretariatOrgId,
      classification: 'public',
      code: 'EMR',
    });
    const [ind] = await t.db.query<{ id: number }>(sql`INSERT INTO indicators
        (dialogue_id, code, name, breakdowns, classification, originator_org_id)
      VALUES (${d.id}, 'IBC', ${JSON.stringify({ en: 'IBC' })}::jsonb, ${['route', 'citizenship', 'sex']},
        'public', ${d.secretariatOrgId}) RETURNING id`);
    // History ending 2024-02, then one new month after a 12-month silence: 2024-03 .. 2025-02 have nothing.
    for (const [period, value] of [
      ['2024-01', 5000],
      ['2024-02', 5200],
      ['2025-03', 600],
    ] as const) {
      await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route,
          citizenship, sex, value, classification, status, revision)
        VALUES (${d.id}, ${ind!.id}, 'GRC', ${`${period}-01`}::date, 'EMR', '_T', '_T', ${value}, 'dialogue',
          'published', 1)`);
    }
    await refreshAggregates(t.db, d.id);
    const member = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'viewer' }] });
    const outsider = await makeUser(t.db, { roles: [{ dialogueId: other.id, role: 'analyst' }] });
    memberCookie = await loginCookie(t.app, member.email, member.password);
    outsiderCookie = await loginCookie(t.app, outsider.email, outsider.password);
  });
  afterAll(() => t?.close());

  const get = (path: string, cookie?: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/analytics/${path}`,
      headers: cookie ? { cookie } : {},
    });

  it('a series has every month of its data, the silent months as gaps with status "missing"', async () => {
    const res = await get('series?indicator=IBC&route=EMR', memberCookie);
    expect(res.statusCode).toBe(200);
    const pts: { period: string; value: number | null; status: string }[] = res.json().points;
    expect(pts).toHaveLength(15);
    expect(pts.map((p) => p.period).slice(0, 4)).toEqual(['2024-01', '2024-02', '2024-03', '2024-04']);
    expect(pts[1]).toMatchObject({ period: '2024-02', value: 5200, status: 'reported' });
    expect(pts[2]).toMatchObject({
      period: '2024-03',
      value: null,
      previous: null,
      ytd: null,
      status: 'missing',
    });
    expect(pts.filter((p) => p.status === 'missing')).toHaveLength(12);
    expect(pts.filter((p) => p.value === 0)).toHaveLength(0);
    expect(pts.at(-1)).toMatchObject({ period: '2025-03', value: 600, status: 'reported' });
  });

  it('a requested range is filled to its bounds', async () => {
    const res = await get('series?indicator=IBC&route=EMR&from=2023-11&to=2024-03', memberCookie);
    expect(res.json().points.map((p: { status: string }) => p.status)).toEqual([
      'missing',
      'missing',
      'reported',
      'reported',
      'missing',
    ]);
  });

  it('the CSV export has an empty cell and a status for a missing month', async () => {
    const csv = await get('series?indicator=IBC&route=EMR&from=2024-02&to=2024-03&format=csv', memberCookie);
    expect(csv.statusCode).toBe(200);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toBe(
      'period,value,same_month_last_year,yoy_pct,ytd,ytd_last_year,ytd_yoy_pct,status,reporters_reported,reporters_expected,comparison',
    );
    expect(lines[1]).toMatch(/^2024-02,5200,.*,reported,1,1,like_for_like$/);
    expect(lines[2]).toBe('2024-03,,,,,,,missing,0,1,like_for_like');
  });

  it('a caller outside the members-only figures sees no figures, only gaps', async () => {
    // The dashboards are for members: anonymous callers 401, members of other dialogues 404.
    const anon = await get('series?indicator=IBC&route=EMR&from=2024-01&to=2024-02');
    expect(anon.statusCode).toBe(401);
    const outsider = await get('series?indicator=IBC&route=EMR', outsiderCookie);
    expect(outsider.statusCode).toBe(404);
    expect(problemWithoutInstance(outsider.body)).not.toContain('5200');
  });
});

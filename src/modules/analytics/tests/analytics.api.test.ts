import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeRoute, makeUser } from '../../../../test/factories';
import type { Queryable } from '../../../db/connect';
import { periodRange } from '../../../domain/periods';
import type { Classification } from '../../../shared/classification';
import { clearCachesAfterWrite } from '../../../shared/ttl-cache';
import { refreshAggregates } from '../analytics.service';

interface Obs {
  reporter: string;
  period: string;
  route: string;
  citizenship: string;
  sex?: string;
  value: number;
  classification?: Classification;
  status?: string;
  superseded?: boolean;
}

async function makeIndicator(db: Queryable, dialogueId: number, orgId: number, code: string) {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO indicators
      (dialogue_id, code, name, breakdowns, classification, originator_org_id)
    VALUES (${dialogueId}, ${code}, ${JSON.stringify({ en: code })}::jsonb, ${['route', 'citizenship', 'sex']},
      'public', ${orgId}) RETURNING id`);
  return row!.id;
}

async function insertObservations(db: Queryable, dialogueId: number, indicatorId: number, rows: Obs[]) {
  const col = <T>(f: (o: Obs) => T) => rows.map(f);
  await db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route, citizenship,
      sex, value, classification, status, superseded_at, revision)
    SELECT ${dialogueId}, ${indicatorId}, r, (p || '-01')::date, rt, c, s, v, cl::classification, st,
      CASE WHEN sup THEN now() END, CASE WHEN sup THEN 1 ELSE 2 END
    FROM unnest(${col((o) => o.reporter)}::text[], ${col((o) => o.period)}::text[], ${col((o) => o.route)}::text[],
      ${col((o) => o.citizenship)}::text[], ${col((o) => o.sex ?? '_T')}::text[], ${col((o) => o.value)}::numeric[],
      ${col((o) => o.classification ?? 'dialogue')}::text[], ${col((o) => o.status ?? 'published')}::text[],
      ${col((o) => o.superseded ?? false)}::boolean[]) AS t(r, p, rt, c, s, v, cl, st, sup)`);
}

/** Deterministic test data: totals and citizenship rows per reporter, route and month, plus rows that must not count. */
function testObservations(): Obs[] {
  const rows: Obs[] = [];
  let k = 7;
  const next = () => {
    k = (k * 48271) % 2147483647;
    return k % 500;
  };
  for (const period of periodRange('2023-01', '2024-06')) {
    for (const [reporter, route] of [
      ['GRC', 'PUB'],
      ['ITA', 'PUB'],
      ['GRC', 'DIA'],
    ] as const) {
      let total = 0;
      for (const citizenship of ['SYR', 'AFG', 'IRQ']) {
        const value = next();
        total += value;
        // Half of one reporter's citizenship figures are public, the rest dialogue-wide.
        const classification = reporter === 'ITA' && citizenship !== 'IRQ' ? 'public' : 'dialogue';
        rows.push({ reporter, period, route, citizenship, value, classification });
      }
      rows.push({ reporter, period, route, citizenship: '_T', value: total, classification: 'dialogue' });
      // Must never count: a sex breakdown, a superseded revision, a draft, a restricted figure.
      rows.push({ reporter, period, route, citizenship: '_T', sex: 'F', value: 5 });
      rows.push({ reporter, period, route, citizenship: '_T', value: 100_000, superseded: true });
      rows.push({ reporter, period, route, citizenship: 'SYR', value: 90_000, status: 'draft' });
      rows.push({ reporter, period, route, citizenship: 'PAK', value: 80_000, classification: 'restricted' });
    }
  }
  return rows;
}

/** The figures the dashboards must show, straight from observations. */
const rawCurrent = (classes: Classification[]) =>
  sql`status = 'published' AND superseded_at IS NULL AND border_type = '_T' AND sex = '_T'
    AND age_group = '_T' AND reason = '_T' AND classification = ANY(${classes}::text[]::classification[])`;

describe.each(testDatabases())('analytics API [%s]', (kind) => {
  let t: TestApp;
  let open: Awaited<ReturnType<typeof makeDialogue>>;
  let closed: Awaited<ReturnType<typeof makeDialogue>>;
  let indicatorId: number;
  let memberCookie: string;
  let outsiderCookie: string;
  const MEMBER = ['public', 'dialogue'] as Classification[];

  beforeAll(async () => {
    t = await createTestApp(kind);
    open = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA'] });
    closed = await makeDialogue(t.db, { classification: 'dialogue' });
    await makeRoute(t.db, {
      dialogueId: open.id,
      originatorOrgId: open.secretariatOrgId,
      classification: 'public',
      code: 'PUB',
    });
    await makeRoute(t.db, {
      dialogueId: open.id,
      originatorOrgId: open.secretariatOrgId,
      classification: 'dialogue',
      code: 'DIA',
    });
    indicatorId = await makeIndicator(t.db, open.id, open.secretariatOrgId, 'IBC');
    await insertObservations(t.db, open.id, indicatorId, testObservations());
    const closedIndicator = await makeIndicator(t.db, closed.id, closed.secretariatOrgId, 'IBC');
    await insertObservations(t.db, closed.id, closedIndicator, [
      { reporter: 'ITA', period: '2024-01', route: '_T', citizenship: '_T', value: 42 },
    ]);
    await refreshAggregates(t.db, open.id);
    await clearCachesAfterWrite(); // written in SQL, not through the API: tell the caches as a write would
    await refreshAggregates(t.db, closed.id);
    const member = await makeUser(t.db, { roles: [{ dialogueId: open.id, role: 'viewer' }] });
    const outsider = await makeUser(t.db, { roles: [{ dialogueId: closed.id, role: 'analyst' }] });
    memberCookie = await loginCookie(t.app, member.email, member.password);
    outsiderCookie = await loginCookie(t.app, outsider.email, outsider.password);
  });
  afterAll(() => t?.close());

  const get = (slug: string, path: string, cookie?: string) =>
    t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/analytics/${path}`,
      headers: cookie ? { cookie } : {},
    });
  const points = (rows: { period: string; value: number }[]) =>
    rows.map((r) => ({ period: r.period.slice(0, 7), value: r.value }));
  /** Period and value of the points of a series answer (leaving out the YoY and YTD fields). */
  const pv = (rows: { period: string; value: number | null }[]) =>
    rows.map((r) => ({ period: r.period, value: r.value }));

  it('series: monthly route totals equal raw observations, for members; others are refused', async () => {
    const res = await get(open.slug, 'series?indicator=IBC&route=PUB', memberCookie);
    expect(res.statusCode).toBe(200);
    const raw = await t.db.query<{ period: string; value: number }>(sql`SELECT period, sum(value) AS value
      FROM observations WHERE indicator_id = ${indicatorId} AND route = 'PUB' AND citizenship = '_T'
        AND ${rawCurrent(MEMBER)} GROUP BY period ORDER BY period`);
    expect(pv(res.json().points)).toEqual(points(raw));
    expect(res.json().points).toHaveLength(18);
    // The dashboards are not disclosure-controlled: on a public dialogue too, anonymous callers get 401 and
    // signed-in non-members 404 (the public reads figures through the portal and SDMX).
    expect((await get(open.slug, 'series?indicator=IBC&route=PUB')).statusCode).toBe(401);
    const outsider = await get(open.slug, 'series?indicator=IBC&route=PUB', outsiderCookie);
    expect(outsider.statusCode).toBe(404);
    expect(outsider.json().code).toBe('NOT_FOUND');
  });

  it('series by citizenship, by reporter and by both equal raw observations', async () => {
    const cases: [string, ReturnType<typeof sql>][] = [
      ['citizenship=SYR', sql`citizenship = 'SYR'`],
      ['reporter=ITA', sql`citizenship = '_T' AND reporter_iso3 = 'ITA'`],
      ['citizenship=AFG&reporter=ITA', sql`citizenship = 'AFG' AND reporter_iso3 = 'ITA'`],
    ];
    for (const [query, where] of cases) {
      const res = await get(
        open.slug,
        `series?indicator=IBC&route=PUB&${query}&from=2023-06&to=2024-03`,
        memberCookie,
      );
      expect(res.statusCode).toBe(200);
      const raw = await t.db.query<{ period: string; value: number }>(sql`SELECT period, sum(value) AS value
        FROM observations WHERE indicator_id = ${indicatorId} AND route = 'PUB' AND ${where}
          AND period BETWEEN '2023-06-01' AND '2024-03-01' AND ${rawCurrent(MEMBER)}
        GROUP BY period ORDER BY period`);
      expect(raw).toHaveLength(10);
      expect(pv(res.json().points)).toEqual(points(raw));
    }
  });

  it('top citizenships: the same months of both years, ranked, with YoY %, as raw observations say', async () => {
    const res = await get(
      open.slug,
      'top-citizenships?indicator=IBC&route=PUB&year=2024&limit=2&comparison=raw',
      memberCookie,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.months).toEqual({ from: '2024-01', to: '2024-06' });
    const raw = await t.db.query<{
      citizenship: string;
      value: number;
      previous: number;
    }>(sql`SELECT citizenship,
        sum(value) FILTER (WHERE period >= '2024-01-01') AS value,
        coalesce(sum(value) FILTER (WHERE period BETWEEN '2023-01-01' AND '2023-06-01'), 0) AS previous
      FROM observations WHERE indicator_id = ${indicatorId} AND route = 'PUB' AND citizenship <> '_T'
        AND ${rawCurrent(MEMBER)}
      GROUP BY citizenship ORDER BY value DESC, citizenship LIMIT 2`);
    expect(body.items).toEqual(
      raw.map((r) => ({
        citizenship: r.citizenship,
        value: r.value,
        comparedValue: r.value,
        previous: r.previous,
        yoyPct: Math.round(((r.value - r.previous) / r.previous) * 1000) / 10,
      })),
    );
    expect(body.items.map((i: { citizenship: string }) => i.citizenship)).not.toContain('PAK');
  });

  it('top citizenships compare like for like by default: a state new this year counts in the ranking, not in the change', async () => {
    const url = 'top-citizenships?indicator=IBC&route=PUB&year=2024&limit=3';
    type Item = {
      citizenship: string;
      value: number;
      comparedValue: number;
      previous: number;
      yoyPct: number;
    };
    const before = (await get(open.slug, url, memberCookie)).json();
    expect(before.comparison).toBe('like_for_like');
    // Every state of the world reported both years: like for like is the raw comparison.
    for (const i of before.items as Item[]) expect(i.comparedValue).toBe(i.value);
    // Malta reports Syrians for two months of 2024 only.
    const top = (before.items as Item[])[0]!;
    await insertObservations(t.db, open.id, indicatorId, [
      { reporter: 'MLT', period: '2024-01', route: 'PUB', citizenship: top.citizenship, value: 4000 },
      { reporter: 'MLT', period: '2024-02', route: 'PUB', citizenship: top.citizenship, value: 4000 },
    ]);
    await refreshAggregates(t.db, open.id);
    await clearCachesAfterWrite(); // written in SQL, not through the API: tell the caches as a write would
    try {
      const lfl = ((await get(open.slug, url, memberCookie)).json().items as Item[]).find(
        (i) => i.citizenship === top.citizenship,
      )!;
      const raw = ((await get(open.slug, `${url}&comparison=raw`, memberCookie)).json().items as Item[]).find(
        (i) => i.citizenship === top.citizenship,
      )!;
      expect(lfl.value).toBe(top.value + 8000);
      expect(raw.value).toBe(top.value + 8000);
      expect(lfl.comparedValue).toBe(top.value);
      expect(lfl.previous).toBe(top.previous);
      expect(lfl.yoyPct).toBe(top.yoyPct);
      expect(raw.yoyPct).toBeGreaterThan(top.yoyPct);
    } finally {
      await t.db.query(
        sql`DELETE FROM observations WHERE reporter_iso3 = 'MLT' AND dialogue_id = ${open.id}`,
      );
      await refreshAggregates(t.db, open.id);
      await clearCachesAfterWrite(); // written in SQL, not through the API: tell the caches as a write would
      await clearCachesAfterWrite(); // written in SQL, not through the API: tell the caches as a write would
    }
  });

  it('route-month: totals per visible route and month; anonymous callers are refused', async () => {
    const res = await get(open.slug, 'route-month?indicator=IBC&from=2024-01', memberCookie);
    expect(res.statusCode).toBe(200);
    const raw = await t.db.query<{ route: string; period: string; value: number }>(sql`SELECT route, period,
        sum(value) AS value FROM observations
      WHERE indicator_id = ${indicatorId} AND citizenship = '_T' AND period >= '2024-01-01' AND ${rawCurrent(MEMBER)}
      GROUP BY route, period ORDER BY route, period`);
    expect(res.json().cells).toEqual(raw.map((r) => ({ ...r, period: r.period.slice(0, 7) })));
    expect(new Set(res.json().cells.map((c: { route: string }) => c.route))).toEqual(new Set(['DIA', 'PUB']));
    expect((await get(open.slug, 'route-month?indicator=IBC')).statusCode).toBe(401);
  });

  it('reporter-month: every current published figure the caller may see, and nothing else', async () => {
    const res = await get(open.slug, 'reporter-month?reporter=ITA&period=2024-02', memberCookie);
    expect(res.statusCode).toBe(200);
    const obs = res.json().observations as {
      indicator: string;
      breakdowns: Record<string, string>;
      value: number;
    }[];
    // 3 citizenships + total + the sex breakdown; not the superseded, draft or restricted rows.
    expect(obs).toHaveLength(5);
    expect(obs.find((o) => o.breakdowns.sex === 'F')?.value).toBe(5);
    expect(obs.every((o) => o.value < 1000)).toBe(true);
    const anon = await get(open.slug, 'reporter-month?reporter=ITA&period=2024-02');
    expect(anon.statusCode).toBe(401);
    expect(anon.body).not.toContain('AFG');
  });

  it('hides a members-only dialogue from non-members and anonymous callers as 404', async () => {
    for (const [cookie, status] of [
      [memberCookie, 404],
      [undefined, 401],
    ] as const) {
      const res = await get(closed.slug, 'series?indicator=IBC&route=_T', cookie);
      expect(res.statusCode).toBe(status);
      expect(res.body).not.toContain('"value":42');
    }
    const res = await get(closed.slug, 'series?indicator=IBC&route=_T', outsiderCookie);
    expect(res.statusCode).toBe(200);
    expect(pv(res.json().points)).toEqual([{ period: '2024-01', value: 42 }]);
    expect((await get(closed.slug, 'reporter-month?reporter=ITA&period=2024-01')).statusCode).toBe(401);
  });

  it('rejects an unknown indicator or route and malformed periods with 400 and the field', async () => {
    const unknown = await get(open.slug, 'series?indicator=NOPE&route=PUB', memberCookie);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors).toEqual([{ field: 'querystring.indicator', message: expect.any(String) }]);
    // An unknown route names its field (a route the caller may not see answers the same: restricted-sharing test).
    const hidden = await get(
      open.slug,
      'top-citizenships?indicator=IBC&route=SECRET&year=2024',
      memberCookie,
    );
    expect(hidden.statusCode).toBe(400);
    expect(hidden.json().errors[0].field).toBe('querystring.route');
    const malformed = await get(open.slug, 'reporter-month?reporter=ITA&period=2024-13', memberCookie);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().errors[0].field).toBe('querystring.period');
    const reversed = await get(open.slug, 'route-month?indicator=IBC&from=2024-05&to=2024-01', memberCookie);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().errors[0].field).toBe('querystring.to');
    const year = await get(open.slug, 'top-citizenships?indicator=IBC&route=PUB&year=twenty', memberCookie);
    expect(year.statusCode).toBe(400);
    expect(year.json().errors[0].field).toBe('querystring.year');
  });

  it('refreshAggregates for a period range picks up a new revision there and leaves other months alone', async () => {
    const before = pv((await get(open.slug, 'series?indicator=IBC&route=DIA', memberCookie)).json().points);
    await t.db.query(sql`UPDATE observations SET superseded_at = now()
      WHERE indicator_id = ${indicatorId} AND route = 'DIA' AND citizenship = '_T' AND sex = '_T'
        AND period = '2024-06-01' AND superseded_at IS NULL AND status = 'published'`);
    await insertObservations(t.db, open.id, indicatorId, [
      { reporter: 'GRC', period: '2024-06', route: 'DIA', citizenship: '_T', value: 7777 },
    ]);
    const counts = await refreshAggregates(t.db, open.id, { from: '2024-06', to: '2024-06' });
    await clearCachesAfterWrite(); // written in SQL, not through the API: tell the caches as a write would
    expect(counts.routeMonthRows).toBeGreaterThan(0);
    const after = pv((await get(open.slug, 'series?indicator=IBC&route=DIA', memberCookie)).json().points);
    expect(after.at(-1)).toEqual({ period: '2024-06', value: 7777 });
    expect(after.slice(0, -1)).toEqual(before.slice(0, -1));
    await expect(refreshAggregates(t.db, open.id, { from: '2024-6' })).rejects.toThrow(/YYYY-MM/);
  });
});

import ExcelJS from 'exceljs';
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, loginCookie, problemWithoutInstance, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { makeDialogue, makeRoute, makeUser } from '../../../../test/factories';
import type { Queryable } from '../../../db/connect';
import { periodRange } from '../../../domain/periods';
import type { Classification } from '../../../shared/classification';
import { clearCachesAfterWrite } from '../../../shared/ttl-cache';
import { refreshAggregates } from '../analytics.service';

/**
 * Breakdown split, completeness, flows, route shifts, compare, choropleth and vintages (asOf), checked
 * against the observations they are computed from.
 */

interface Obs {
  indicatorId: number;
  reporter: string;
  period: string;
  route?: string;
  citizenship?: string;
  borderType?: string;
  sex?: string;
  value: number;
  classification?: Classification;
  publishedAt?: string;
  supersededAt?: string | null;
}

async function makeIndicator(
  db: Queryable,
  dialogueId: number,
  orgId: number,
  code: string,
  breakdowns: string[],
) {
  const [row] = await db.query<{ id: number }>(sql`INSERT INTO indicators
      (dialogue_id, code, name, breakdowns, classification, originator_org_id)
    VALUES (${dialogueId}, ${code}, ${JSON.stringify({ en: code })}::jsonb, ${breakdowns}, 'public', ${orgId})
    RETURNING id`);
  return row!.id;
}

async function insert(db: Queryable, dialogueId: number, rows: Obs[]) {
  const col = <T>(f: (o: Obs) => T) => rows.map(f);
  await db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route, citizenship,
      border_type, sex, value, classification, status, published_at, superseded_at)
    SELECT ${dialogueId}, i, r, (p || '-01')::date, rt, c, b, s, v, cl::classification, 'published',
      pub::timestamptz, sup::timestamptz
    FROM unnest(${col((o) => o.indicatorId)}::int[], ${col((o) => o.reporter)}::text[],
      ${col((o) => o.period)}::text[], ${col((o) => o.route ?? '_T')}::text[], ${col((o) => o.citizenship ?? '_T')}::text[],
      ${col((o) => o.borderType ?? '_T')}::text[], ${col((o) => o.sex ?? '_T')}::text[], ${col((o) => o.value)}::numeric[],
      ${col((o) => o.classification ?? 'dialogue')}::text[], ${col((o) => o.publishedAt ?? '2024-02-01T00:00:00Z')}::text[],
      ${col((o) => o.supersededAt ?? null)}::text[]) AS t(i, r, p, rt, c, b, s, v, cl, pub, sup)`);
}

const PERIODS = periodRange('2024-01', '2024-12');

/**
 * IBC on two routes (EMR: GRC, WBR: BGR) with citizenships SYR (stable) and AFG (EMR → WBR in the second
 * half), a land/sea and a sex split for GRC; ASY without a route; ITA reports no IBC, BGR skips 2024-03.
 */
function world(ibc: number, asy: number): Obs[] {
  const rows: Obs[] = [];
  for (const [m, period] of PERIODS.entries()) {
    const late = m >= 6;
    const mix: [string, string, string, number][] = [
      ['GRC', 'EMR', 'SYR', 100 + m],
      ['GRC', 'EMR', 'AFG', late ? 10 : 90],
      ['BGR', 'WBR', 'SYR', 50],
      ['BGR', 'WBR', 'AFG', late ? 90 : 10],
      ['BGR', 'WBR', 'IRQ', 5],
    ];
    for (const [reporter, route, citizenship, value] of mix) {
      if (reporter === 'BGR' && period === '2024-03') continue;
      rows.push({ indicatorId: ibc, reporter, period, route, citizenship, value });
    }
    const grc = 100 + m + (late ? 10 : 90);
    rows.push({ indicatorId: ibc, reporter: 'GRC', period, route: 'EMR', value: grc });
    rows.push({
      indicatorId: ibc,
      reporter: 'GRC',
      period,
      route: 'EMR',
      borderType: 'SEA',
      value: grc - 20,
    });
    rows.push({ indicatorId: ibc, reporter: 'GRC', period, route: 'EMR', borderType: 'LAND', value: 20 });
    rows.push({
      indicatorId: ibc,
      reporter: 'GRC',
      period,
      route: 'EMR',
      sex: 'F',
      value: 30,
      classification: 'public',
    });
    if (period !== '2024-03')
      rows.push({
        indicatorId: ibc,
        reporter: 'BGR',
        period,
        route: 'WBR',
        value: 50 + (late ? 90 : 10) + 5,
      });
    for (const reporter of ['GRC', 'ITA', 'BGR'])
      rows.push({ indicatorId: asy, reporter, period, value: 40, classification: 'public' });
  }
  return rows;
}

describe.each(testDatabases())('analytics views [%s]', (kind) => {
  let t: TestApp;
  let d: Awaited<ReturnType<typeof makeDialogue>>;
  let closed: Awaited<ReturnType<typeof makeDialogue>>;
  let ibc: number;
  let member: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    d = await makeDialogue(t.db, { classification: 'public', states: ['GRC', 'ITA', 'BGR'] });
    closed = await makeDialogue(t.db, { classification: 'dialogue' });
    for (const code of ['EMR', 'WBR'])
      await makeRoute(t.db, {
        dialogueId: d.id,
        originatorOrgId: d.secretariatOrgId,
        classification: 'public',
        code,
      });
    ibc = await makeIndicator(t.db, d.id, d.secretariatOrgId, 'IBC', [
      'route',
      'citizenship',
      'border_type',
      'sex',
    ]);
    const asy = await makeIndicator(t.db, d.id, d.secretariatOrgId, 'ASY', ['citizenship']);
    await insert(t.db, d.id, world(ibc, asy));
    // A revision: GRC's January total was 190 until 2024-06-01, then 250.
    await t.db.query(sql`UPDATE observations SET superseded_at = '2024-06-01T00:00:00Z'
      WHERE indicator_id = ${ibc} AND reporter_iso3 = 'GRC' AND period = '2024-01-01' AND route = 'EMR'
        AND citizenship = '_T' AND border_type = '_T' AND sex = '_T'`);
    await insert(t.db, d.id, [
      {
        indicatorId: ibc,
        reporter: 'GRC',
        period: '2024-01',
        route: 'EMR',
        value: 250,
        publishedAt: '2024-06-01T00:00:00Z',
      },
    ]);
    await refreshAggregates(t.db, d.id);
    const viewer = await makeUser(t.db, { roles: [{ dialogueId: d.id, role: 'viewer' }] });
    member = await loginCookie(t.app, viewer.email, viewer.password);
  });
  afterAll(() => t?.close());

  const get = (path: string, cookie?: string, slug = d.slug) =>
    t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${slug}/analytics/${path}`,
      headers: cookie ? { cookie } : {},
    });

  it('series: same month last year, YTD and YoY; a revised figure shows its old value with asOf before the revision', async () => {
    const now = await get('series?indicator=IBC&route=EMR&from=2024-01&to=2024-03', member);
    expect(now.statusCode).toBe(200);
    expect(now.json().points.map((p: { value: number }) => p.value)).toEqual([250, 191, 192]);
    expect(now.json().points[2]).toMatchObject({ ytd: 250 + 191 + 192, previous: null, yoyPct: null });
    const old = await get('series?indicator=IBC&route=EMR&from=2024-01&to=2024-03&asOf=2024-03-01', member);
    expect(old.json().points.map((p: { value: number }) => p.value)).toEqual([190, 191, 192]);
    expect(old.json().asOf).toBe('2024-03-01');
    // Before anything was published there is nothing; the day of the revision already shows it.
    const before = await get('series?indicator=IBC&route=EMR&asOf=2024-01-15', member);
    expect(before.json().points).toEqual([]);
    const onDay = await get('series?indicator=IBC&route=EMR&to=2024-01&asOf=2024-06-01', member);
    expect(onDay.json().points[0].value).toBe(250);
    const mapOld = await get('choropleth?indicator=IBC&from=2024-01&to=2024-01&asOf=2024-03-01', member);
    expect(mapOld.json().cells).toContainEqual({ reporter: 'GRC', period: '2024-01', value: 190 });
    const memberOld = await get(
      'series?indicator=ASY&route=_T&from=2024-01&to=2024-02&asOf=2024-03-01',
      member,
    );
    expect(memberOld.json().points.map((p: { value: number }) => p.value)).toEqual([120, 120]);
    // The dashboards are for members (no disclosure control): anonymous callers are refused, vintages too.
    const anonOld = await get('series?indicator=ASY&route=_T&from=2024-01&to=2024-02&asOf=2024-03-01');
    expect(anonOld.statusCode).toBe(401);
  });

  it('breakdown: border type and sex per month as in the observations; anonymous callers are refused', async () => {
    const res = await get('breakdown?indicator=IBC&route=EMR&from=2024-01&to=2024-06', member);
    expect(res.statusCode).toBe(200);
    const raw = await t.db.query<{ dimension: string; code: string; value: number }>(sql`
      SELECT 'border_type' AS dimension, border_type AS code, sum(value) AS value FROM observations
      WHERE indicator_id = ${ibc} AND border_type <> '_T' AND period <= '2024-06-01' AND superseded_at IS NULL
      GROUP BY border_type
      UNION ALL SELECT 'sex', sex, sum(value) FROM observations
      WHERE indicator_id = ${ibc} AND sex <> '_T' AND period <= '2024-06-01' AND superseded_at IS NULL GROUP BY sex`);
    expect(res.json().totals).toEqual(
      expect.arrayContaining(raw.map((r) => ({ dimension: r.dimension, code: r.code, value: r.value }))),
    );
    expect(res.json().totals).toHaveLength(3);
    expect(res.json().cells.filter((c: { code: string }) => c.code === 'SEA')).toHaveLength(6);
    const anon = await get('breakdown?indicator=IBC&route=EMR&from=2024-01&to=2024-06');
    expect(anon.statusCode).toBe(401);
    expect(problemWithoutInstance(anon.body)).not.toContain('180');
  });

  it('completeness: the months each member state has not published', async () => {
    const res = await get('completeness?indicator=IBC&from=2024-01&to=2024-06', member);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.periods).toHaveLength(6);
    const byReporter = Object.fromEntries(
      body.rows.map((r: { reporter: string; missing: string[]; reported: number }) => [r.reporter, r]),
    );
    expect(byReporter.BGR).toMatchObject({ reported: 5, missing: ['2024-03'] });
    expect(byReporter.GRC).toMatchObject({ reported: 6, missing: [] });
    expect(byReporter.ITA.missing).toHaveLength(6);
    // Without a range: the twelve months up to the latest with data, every indicator.
    const all = await get('completeness', member);
    expect(all.json()).toMatchObject({ from: '2024-01', to: '2024-12' });
    expect(new Set(all.json().rows.map((r: { indicator: string }) => r.indicator))).toEqual(
      new Set(['ASY', 'IBC']),
    );
    // Anonymous callers are refused at the door.
    expect((await get('completeness?indicator=IBC&from=2024-01&to=2024-06')).statusCode).toBe(401);
  });

  it('completeness follows the reporting calendar: months a state need not report are not missing', async () => {
    // ITA reports IBC from 2024-04 only; BGR does not report IBC at all (a calendar row for GRC only besides).
    await t.db.query(sql`INSERT INTO reporting_calendars (dialogue_id, reporter_iso3, indicator_id, from_period)
      VALUES (${d.id}, 'ITA', ${ibc}, '2024-04-01'), (${d.id}, 'GRC', ${ibc}, '2020-01-01')`);
    await clearCachesAfterWrite(); // written in SQL, not through the API: tell the caches as a write would
    try {
      const body = (await get('completeness?indicator=IBC&from=2024-01&to=2024-06', member)).json();
      const byReporter = Object.fromEntries(
        body.rows.map((r: { reporter: string; missing: string[]; notExpected: string[] }) => [r.reporter, r]),
      );
      expect(byReporter.ITA).toMatchObject({
        missing: ['2024-04', '2024-05', '2024-06'],
        notExpected: ['2024-01', '2024-02', '2024-03'],
      });
      expect(byReporter.GRC).toMatchObject({ missing: [], notExpected: [] });
      expect(byReporter.BGR).toMatchObject({ missing: [], notExpected: body.periods });
    } finally {
      await t.db.query(sql`DELETE FROM reporting_calendars WHERE dialogue_id = ${d.id}`);
      await clearCachesAfterWrite();
    }
  });

  it('flows: citizenship → route and route → reporter links equal the observations; beyond the limit as _O', async () => {
    const res = await get('flows?indicator=IBC&from=2024-07&to=2024-12', member);
    expect(res.statusCode).toBe(200);
    const citizenshipRoute = await t.db.query<{ source: string; target: string; value: number }>(sql`
      SELECT citizenship AS source, route AS target, sum(value) AS value FROM observations
      WHERE indicator_id = ${ibc} AND citizenship <> '_T' AND period >= '2024-07-01' AND superseded_at IS NULL
      GROUP BY 1, 2 ORDER BY value DESC, 1, 2`);
    const routeReporter = await t.db.query<{ source: string; target: string; value: number }>(sql`
      SELECT route AS source, reporter_iso3 AS target, sum(value) AS value FROM observations
      WHERE indicator_id = ${ibc} AND citizenship = '_T' AND border_type = '_T' AND sex = '_T'
        AND period >= '2024-07-01' AND superseded_at IS NULL
      GROUP BY 1, 2 ORDER BY value DESC, 1, 2`);
    expect(res.json().links).toEqual([
      ...citizenshipRoute.map((r) => ({ kind: 'citizenship', ...r })),
      ...routeReporter.map((r) => ({ kind: 'reporter', ...r })),
    ]);
    expect(res.json().total).toBe(citizenshipRoute.reduce((s, r) => s + r.value, 0));
    const limited = await get('flows?indicator=IBC&from=2024-07&to=2024-12&limit=2', member);
    const other = limited.json().links.filter((l: { source: string }) => l.source === '_O');
    expect(other).toEqual([{ kind: 'citizenship', source: '_O', target: 'WBR', value: 30 }]);
    // As published before the revision of GRC's January total.
    const old = await get('flows?indicator=IBC&from=2024-01&to=2024-01&asOf=2024-03-01', member);
    expect(old.json().links).toContainEqual({ kind: 'reporter', source: 'EMR', target: 'GRC', value: 190 });
    expect((await get('flows?indicator=IBC')).statusCode).toBe(401);
    const auto = await get('flows?indicator=IBC', member);
    expect(auto.json()).toMatchObject({ from: '2024-01', to: '2024-12' });
  });

  it('route shifts: AFG moved from EMR to WBR and ranks first, with its total variation distance', async () => {
    const res = await get(
      'route-shifts?indicator=IBC&aFrom=2024-01&aTo=2024-06&bFrom=2024-07&bTo=2024-12&minVolume=0',
      member,
    );
    expect(res.statusCode).toBe(200);
    const [afg, ...rest] = res.json().items;
    expect(afg.citizenship).toBe('AFG');
    // A: EMR 540, WBR 50 (BGR skipped March); B: EMR 60, WBR 540.
    const tvd = Math.abs(540 / 590 - 60 / 600);
    expect(afg.tvd).toBeCloseTo(tvd, 4);
    expect(afg.routes).toEqual([
      { route: 'EMR', a: 540, b: 60, shareA: 0.9153, shareB: 0.1 },
      { route: 'WBR', a: 50, b: 540, shareA: 0.0847, shareB: 0.9 },
    ]);
    expect(rest.map((i: { citizenship: string }) => i.citizenship)).toContain('SYR');
    expect(rest.every((i: { score: number }) => i.score <= afg.score)).toBe(true);
    const big = await get(
      'route-shifts?indicator=IBC&aFrom=2024-01&aTo=2024-06&bFrom=2024-07&bTo=2024-12&minVolume=100000',
      member,
    );
    expect(big.json().items).toEqual([]);
    // Without periods: B = the twelve months up to the latest with data, A = the twelve before.
    const auto = await get('route-shifts?indicator=IBC', member);
    expect(auto.json()).toMatchObject({
      a: { from: '2023-01', to: '2023-12' },
      b: { from: '2024-01', to: '2024-12' },
      items: [],
    });
  });

  it('compare: routes and reporters side by side; the map has one value per reporter and month', async () => {
    const routes = await get('compare?indicator=IBC&by=route&codes=EMR,WBR&from=2024-02&to=2024-04', member);
    expect(routes.statusCode).toBe(200);
    expect(routes.json().series).toEqual([
      {
        code: 'EMR',
        total: 191 + 192 + 193,
        points: [
          { period: '2024-02', value: 191 },
          { period: '2024-03', value: 192 },
          { period: '2024-04', value: 193 },
        ],
      },
      {
        code: 'WBR',
        total: 130,
        points: [
          { period: '2024-02', value: 65 },
          { period: '2024-04', value: 65 },
        ],
      },
    ]);
    const reporters = await get(
      'compare?indicator=ASY&by=reporter&codes=GRC,ITA&from=2024-01&to=2024-12',
      member,
    );
    expect(reporters.json().series.map((s: { total: number }) => s.total)).toEqual([480, 480]);
    const map = await get('choropleth?indicator=IBC&from=2024-03&to=2024-03', member);
    expect(map.json()).toMatchObject({
      periods: ['2024-03'],
      cells: [{ reporter: 'GRC', period: '2024-03', value: 192 }],
    });
    const asyMap = await get('choropleth?indicator=ASY&from=2024-01&to=2024-02', member);
    expect(asyMap.json().totals).toEqual(
      expect.arrayContaining([
        { reporter: 'GRC', value: 80 },
        { reporter: 'ITA', value: 80 },
      ]),
    );
  });

  it('downloads the table behind a chart as CSV and XLSX with the same numbers', async () => {
    const csv = await get(
      'compare?indicator=IBC&by=route&codes=EMR&from=2024-02&to=2024-03&format=csv',
      member,
    );
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toContain('.csv');
    expect(csv.body.trim().split('\n')).toEqual(['route,period,value', 'EMR,2024-02,191', 'EMR,2024-03,192']);
    const xlsx = await get('flows?indicator=IBC&from=2024-07&to=2024-12&format=xlsx&asOf=2024-12-31', member);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-disposition']).toContain('as-of-2024-12-31.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('data')!;
    expect(sheet.getRow(1).values).toEqual([undefined, 'link', 'from', 'to', 'value']);
    const json = (await get('flows?indicator=IBC&from=2024-07&to=2024-12', member)).json();
    const { source, target, value } = json.links[0];
    expect(sheet.getRow(2).values).toEqual([undefined, 'citizenship-route', source, target, value]);
    expect(sheet.rowCount).toBe(json.links.length + 1);
  });

  it('bad input: unknown codes, inverted or huge ranges answer 400 with the field; a hidden dialogue 404', async () => {
    const cases: [string, string][] = [
      ['series?indicator=IBC&route=EMR&citizenship=XYZ', 'querystring.citizenship'],
      ['series?indicator=IBC&route=NOPE', 'querystring.route'],
      ['breakdown?indicator=NOPE', 'querystring.indicator'],
      ['breakdown?indicator=IBC&reporter=QQQ', 'querystring.reporter'],
      ['flows?indicator=IBC&from=2024-05&to=2024-01', 'querystring.to'],
      ['choropleth?indicator=IBC&from=1990-01&to=2024-01', 'querystring.to'],
      ['route-shifts?indicator=IBC&aFrom=2024-06&aTo=2024-01&bFrom=2024-07&bTo=2024-12', 'querystring.aTo'],
      ['route-shifts?indicator=IBC&bFrom=2024-01&bTo=2024-06&aFrom=2000-01&aTo=2026-01', 'querystring.aTo'],
      ['compare?indicator=IBC&by=route&codes=EMR,XXX', 'querystring.codes'],
      ['compare?indicator=IBC&by=reporter&codes=QQQ', 'querystring.codes'],
      ['compare?indicator=IBC&by=route&codes=', 'querystring.codes'],
      ['series?indicator=IBC&route=EMR&asOf=yesterday', 'querystring.asOf'],
      ['completeness?format=pdf', 'querystring.format'],
    ];
    for (const [path, field] of cases) {
      const res = await get(path, member);
      expect(res.statusCode, path).toBe(400);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(
        res.json().errors.map((e: { field: string }) => e.field),
        path,
      ).toContain(field);
    }
    for (const path of ['flows?indicator=IBC', 'completeness', 'choropleth?indicator=IBC']) {
      const res = await get(path, member, closed.slug);
      expect(res.statusCode, path).toBe(404);
    }
  });
});

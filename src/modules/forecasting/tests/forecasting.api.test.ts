import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, loginCookie, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { makeDialogue, makeRoute, makeUser } from '../../../../test/factories';
import { addMonths, periodRange } from '../../../domain/periods';
import { runJobsNow } from '../../../jobs/worker';
import { refreshAggregates } from '../../analytics/analytics.service';

// 40 months ending last month: a series whose figures end longer ago than the horizon is not forecast.
const THIS_MONTH = new Date().toISOString().slice(0, 7);
const MONTHS = periodRange(addMonths(THIS_MONTH, -40), addMonths(THIS_MONTH, -1));

/** Deterministic seasonal counts. */
const count = (i: number, base: number) =>
  Math.round(base * (1 + 0.4 * Math.sin((2 * Math.PI * i) / 12)) + i);

describe.each(testDatabases())('forecasting: job, storage, API and access [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  let viewerCookie: string;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t, { routes: ['EMR', 'CMR', 'WBR'] });
    const viewer = await makeUser(t.db, {
      country: 'GRC',
      roles: [{ dialogueId: w.dialogueId, role: 'viewer' }],
    });
    viewerCookie = await loginCookie(t.app, viewer.email, viewer.password);
  });
  afterAll(() => t?.close());

  const api = (method: 'GET' | 'POST', path: string, cookie?: string) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}${path}`,
      headers: cookie ? { cookie, 'x-passage-csrf': '1' } : {},
      ...(method === 'POST' ? { payload: {} } : {}),
    });

  /** Uploads, submits (answering warnings), validates and publishes a CSV as Italy's provider. */
  async function publishCsv(lines: string[]) {
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: [IBC_HEADER, ...lines].join('\n'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().submissionId as number;
    const findings = (await api('GET', `/submissions/${id}/findings`, w.cookies.providerIta)).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    const submit = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions/${id}/submit`,
      headers: { cookie: w.cookies.providerIta, 'x-passage-csrf': '1' },
      payload: { warningComments },
    });
    expect(submit.statusCode, submit.body).toBe(200);
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.manager)).statusCode).toBe(200);
    const pub = await api('POST', `/submissions/${id}/publish`, w.cookies.manager);
    expect(pub.statusCode, pub.body).toBe(200);
  }

  const queued = async () =>
    (
      await t.db.query<{ n: number }>(
        sql`SELECT count(*)::int AS n FROM jobs WHERE name = 'forecast.refresh' AND status = 'queued'
          AND payload->>'dialogueId' = ${String(w.dialogueId)}`,
      )
    )[0]!.n;

  it('publication queues one forecast job; the job stores forecasts, backtests and reasons (models in a worker thread)', async () => {
    const lines: string[] = [];
    MONTHS.forEach((p, i) => {
      const tun = count(i, 300);
      const egy = count(i + 3, 120);
      lines.push(`IBC,ITA,${p},CMR,_T,_T,_T,_T,${tun + egy},,`);
      lines.push(`IBC,ITA,${p},CMR,_T,TUN,_T,_T,${tun},,`);
      lines.push(`IBC,ITA,${p},CMR,_T,EGY,_T,_T,${egy},,`);
    });
    // A route with one year only: too short to forecast.
    for (const [i, p] of MONTHS.slice(-12).entries()) lines.push(`IBC,ITA,${p},WBR,_T,_T,_T,_T,${10 + i},,`);
    await publishCsv(lines);
    expect(await queued()).toBe(1);

    // Restricted figures on EMR, published: they never enter a forecast.
    const [ind] = await t.db.query<{ id: number }>(
      sql`SELECT id FROM indicators WHERE dialogue_id = ${w.dialogueId} AND code = 'IBC'`,
    );
    for (const [i, p] of MONTHS.entries())
      await t.db.query(sql`INSERT INTO observations (dialogue_id, indicator_id, reporter_iso3, period, route, value,
          status, classification, published_at)
        VALUES (${w.dialogueId}, ${ind!.id}, 'GRC', ${`${p}-01`}::date, 'EMR', ${count(i, 500)}, 'published',
          'restricted', now())`);
    await refreshAggregates(t.db, w.dialogueId);

    const outcomes = await runJobsNow(t.db, jobHandlers());
    expect(outcomes.filter((o) => o.name === 'forecast.refresh')).toEqual([
      expect.objectContaining({
        ok: true,
        // The models ran in the worker thread (forecasting.thread.ts), not on the server's event loop.
        result: expect.objectContaining({ series: 4, ok: 3, tooShort: 1, ranIn: 'worker' }),
      }),
    ]);
    expect(await queued()).toBe(0);

    const series = await t.db.query<{
      route: string;
      citizenship: string;
      status: string;
      classification: string;
    }>(
      sql`SELECT route, citizenship, status, classification::text FROM forecast_series
        WHERE dialogue_id = ${w.dialogueId} ORDER BY route, citizenship`,
    );
    expect(series).toEqual([
      { route: 'CMR', citizenship: 'EGY', status: 'ok', classification: 'dialogue' },
      { route: 'CMR', citizenship: 'TUN', status: 'ok', classification: 'dialogue' },
      { route: 'CMR', citizenship: '_T', status: 'ok', classification: 'dialogue' },
      { route: 'WBR', citizenship: '_T', status: 'too_short', classification: 'dialogue' },
    ]);
    const [points] = await t.db.query<{ n: number; models: number }>(
      sql`SELECT count(*)::int AS n, count(DISTINCT model)::int AS models FROM forecast_points p
        JOIN forecast_series s ON s.id = p.series_id WHERE s.dialogue_id = ${w.dialogueId}`,
    );
    expect(points).toEqual({ n: 3 * 5 * 6, models: 5 });
  });

  it('lists the series to members with status, reason and chosen model; 404 to others', async () => {
    const res = await api('GET', '/forecasts', w.cookies.analystIta);
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json().series as {
      route: string;
      citizenship: string;
      status: string;
      reason: string | null;
      chosenModel: string | null;
    }[];
    expect(list.map((s) => `${s.route}/${s.citizenship}`)).toEqual([
      'CMR/_T',
      'CMR/EGY',
      'CMR/TUN',
      'WBR/_T',
    ]);
    const short = list.find((s) => s.route === 'WBR')!;
    expect(short).toMatchObject({ status: 'too_short', chosenModel: null });
    expect(short.reason).toMatch(/12 months/);
    expect(list.find((s) => s.route === 'CMR' && s.citizenship === '_T')!.chosenModel).toEqual(
      expect.any(String),
    );
    expect((await api('GET', '/forecasts', viewerCookie)).json().series).toHaveLength(4);

    // Forecasts are for members: outsiders get 404, anonymous callers 401.
    for (const [cookie, status] of [
      [w.cookies.outsider, 404],
      [undefined, 401],
    ] as const) {
      const denied = await api('GET', '/forecasts', cookie);
      expect(denied.statusCode).toBe(status);
      expect(denied.headers['content-type']).toMatch(/problem\+json/);
    }
  });

  it('returns a series with history, forecasts, backtests and past forecasts', async () => {
    const res = await api('GET', '/forecasts/series?indicator=IBC&route=CMR', w.cookies.analystIta);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.series).toMatchObject({
      route: 'CMR',
      citizenship: '_T',
      status: 'ok',
      origin: MONTHS[39],
      months: 40,
      rejected: [],
    });
    expect(body.history).toHaveLength(40);
    expect(body.history[0]).toEqual({ period: MONTHS[0], value: count(0, 300) + count(3, 120) });
    const chosen = body.forecasts.find((f: { model: string }) => f.model === body.series.chosenModel);
    expect(chosen.points.map((p: { period: string }) => p.period)).toEqual(
      [1, 2, 3, 4, 5, 6].map((h) => addMonths(MONTHS[39]!, h)),
    );
    const models = new Set(body.backtests.map((b: { model: string }) => b.model));
    expect(models).toEqual(new Set(['naive', 'seasonal_naive', 'mstl_ets', 'auto_ets', 'ensemble']));
    const h1 = body.backtests.find(
      (b: { model: string; horizon: number }) => b.model === 'naive' && b.horizon === 1,
    );
    expect(h1.nOrigins).toBeGreaterThan(10);
    // Past forecasts are compared with the actual of their month.
    const past = body.backtestPoints.find(
      (b: { model: string; period: string }) => b.model === 'naive' && b.period === MONTHS[39],
    );
    expect(past.actual).toBe(body.history[39].value);

    const cit = await api('GET', '/forecasts/series?indicator=IBC&route=CMR&citizenship=TUN', viewerCookie);
    expect(cit.statusCode).toBe(200);
    expect(cit.json().history[0].value).toBe(count(0, 300));
  });

  it('backtests a revised series on the figures as first published (vintages)', async () => {
    // Revise month 29 on CMR: TUN +1000, and the total with it.
    const i = 29;
    const [month, before] = [MONTHS[i]!, MONTHS[i - 1]!];
    const tun = count(i, 300) + 1000;
    const egy = count(i + 3, 120);
    // The published month is locked (src/modules/period-locks): the secretariat reopens it for the revision.
    const reopened = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/locks/reopen`,
      headers: { cookie: w.cookies.manager, 'x-passage-csrf': '1' },
      payload: { reporter: 'ITA', period: month, indicator: 'IBC', reason: 'revised figures' },
    });
    expect(reopened.statusCode, reopened.body).toBe(200);
    await publishCsv([
      `IBC,ITA,${month},CMR,_T,_T,_T,_T,${tun + egy},,revised`,
      `IBC,ITA,${month},CMR,_T,TUN,_T,_T,${tun},,revised`,
      `IBC,ITA,${month},CMR,_T,EGY,_T,_T,${egy},,`,
    ]);
    expect(await queued()).toBe(1);
    await runJobsNow(t.db, jobHandlers());
    const body = (await api('GET', '/forecasts/series?indicator=IBC&route=CMR', w.cookies.analystIta)).json();
    const first = count(i, 300) + egy;
    expect(body.history.find((h: { period: string }) => h.period === month).value).toBe(tun + egy);
    const naive = (origin: string) =>
      body.backtestPoints.find(
        (b: { model: string; origin: string; horizon: number }) =>
          b.model === 'naive' && b.horizon === 1 && b.origin === origin,
      );
    // Forecast from that month with the figure known then; compared with the revised actual.
    expect(naive(month).point).toBe(first);
    expect(naive(before).actual).toBe(tun + egy);
  });

  it('rejects unknown codes and bad input with problem+json; restricted series do not exist', async () => {
    const unknownIndicator = await api(
      'GET',
      '/forecasts/series?indicator=NOPE&route=CMR',
      w.cookies.analystIta,
    );
    expect(unknownIndicator.statusCode).toBe(400);
    expect(unknownIndicator.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(unknownIndicator.json().errors[0].field).toBe('querystring.indicator');
    const unknownRoute = await api('GET', '/forecasts/series?indicator=IBC&route=NOPE', w.cookies.analystIta);
    expect(unknownRoute.statusCode).toBe(400);
    expect(unknownRoute.json().errors[0].field).toBe('querystring.route');
    const malformed = await api('GET', '/forecasts/series?indicator=IBC&route=a%20b', w.cookies.analystIta);
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/problem\+json/);
    // EMR had only restricted figures: no forecast series at all.
    const emr = await api('GET', '/forecasts/series?indicator=IBC&route=EMR', w.cookies.manager);
    expect(emr.statusCode).toBe(404);
    expect(emr.json().code).toBe('NOT_FOUND');
    const other = await api('GET', '/forecasts/series?indicator=IBC&route=CMR', w.cookies.outsider);
    expect(other.statusCode).toBe(404);
  });

  it('in a public dialogue, shows members the series of the routes they may see; others are refused', async () => {
    const d = await makeDialogue(t.db, { classification: 'public' });
    const [ind] = await t.db.query<{
      id: number;
    }>(sql`INSERT INTO indicators (dialogue_id, code, name, breakdowns,
        classification, originator_org_id)
      VALUES (${d.id}, 'IBC', '{"en":"IBC"}'::jsonb, ${['route', 'citizenship']}, 'public', ${d.secretariatOrgId})
      RETURNING id`);
    for (const [code, classification] of [
      ['PUB', 'public'],
      ['SEC', 'restricted'],
    ] as const)
      await makeRoute(t.db, { dialogueId: d.id, originatorOrgId: d.secretariatOrgId, code, classification });
    for (const [route, citizenship, classification] of [
      ['PUB', '_T', 'public'],
      ['PUB', 'SYR', 'dialogue'],
      ['SEC', '_T', 'public'],
    ])
      await t.db.query(sql`INSERT INTO forecast_series (dialogue_id, indicator_id, route, citizenship, classification,
          status, reason, months)
        VALUES (${d.id}, ${ind!.id}, ${route}, ${citizenship}, ${classification}::classification, 'too_short',
          'Only 12 months of data', 12)`);
    const member = await makeUser(t.db, { country: 'ITA', roles: [{ dialogueId: d.id, role: 'viewer' }] });
    const memberCookie = await loginCookie(t.app, member.email, member.password);
    const inject = (cookie?: string) =>
      t.app.inject({
        method: 'GET',
        url: `/api/dialogues/${d.slug}/forecasts`,
        headers: cookie ? { cookie } : {},
      });
    // A route the caller may not see (restricted) hides its series, whatever their own classification.
    const res = await inject(memberCookie);
    expect(res.statusCode).toBe(200);
    expect(
      res.json().series.map((s: { route: string; citizenship: string }) => `${s.route}/${s.citizenship}`),
    ).toEqual(['PUB/_T', 'PUB/SYR']);
    // A forecast carries its history without disclosure control: on a public dialogue too, only members read it.
    expect((await inject()).statusCode).toBe(401);
    expect((await inject(w.cookies.outsider)).statusCode).toBe(404);
    const hidden = await t.app.inject({
      method: 'GET',
      url: `/api/dialogues/${d.slug}/forecasts/series?indicator=IBC&route=PUB&citizenship=SYR`,
    });
    expect(hidden.statusCode).toBe(401);
  });

  it('lets only the secretariat queue a recomputation', async () => {
    expect((await api('POST', '/forecasts/refresh')).statusCode).toBe(401);
    const analyst = await api('POST', '/forecasts/refresh', w.cookies.analystIta);
    expect(analyst.statusCode).toBe(403);
    expect(analyst.json().code).toBe('FORBIDDEN');
    expect(await queued()).toBe(0);
    const ok = await api('POST', '/forecasts/refresh', w.cookies.manager);
    expect(ok.statusCode, ok.body).toBe(202);
    expect(ok.json()).toEqual({ queued: true, job: 'forecast.refresh' });
    // Asking twice while one waits queues it once.
    expect((await api('POST', '/forecasts/refresh', w.cookies.manager)).statusCode).toBe(202);
    expect(await queued()).toBe(1);
  });
});

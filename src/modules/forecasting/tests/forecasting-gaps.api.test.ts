/**
 * Issue 14 through the real path (publication → job → API): history that ends 13 months before a new month
 * is never refitted over zeros; a stale series is not forecast; a gap early in a long series leaves the
 * months before it out of the model input. Dates are relative to today, as the stale rule is.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, type TestApp } from '../../../../test/app';
import { testDatabases } from '../../../../test/databases';
import { type ExchangeWorld, IBC_HEADER, makeExchangeWorld } from '../../../../test/exchange-world';
import { addMonths, periodRange } from '../../../domain/periods';
import { runJobsNow } from '../../../jobs/worker';

const THIS_MONTH = new Date().toISOString().slice(0, 7);
/** 40 months of history ending 14 months ago: 13 months without figures before this month. */
const HISTORY = periodRange(addMonths(THIS_MONTH, -53), addMonths(THIS_MONTH, -14));
const count = (i: number, base: number) => Math.round(base * (1 + 0.4 * Math.sin((2 * Math.PI * i) / 12)));

interface Summary {
  route: string;
  citizenship: string;
  status: string;
  reason: string | null;
  chosenModel: string | null;
  origin: string | null;
  months: number;
  rejected: unknown[];
}

describe.each(testDatabases())('forecasts over gaps and stale series (issue 14) [%s]', (kind) => {
  let t: TestApp;
  let w: ExchangeWorld;
  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await makeExchangeWorld(t, { routes: ['CMR', 'WBR'] });
  });
  afterAll(() => t?.close());

  const api = (method: 'GET' | 'POST', path: string, cookie: string) =>
    t.app.inject({
      method,
      url: `/api/dialogues/${w.slug}${path}`,
      headers: { cookie, 'x-passage-csrf': '1' },
      ...(method === 'POST' ? { payload: {} } : {}),
    });

  /** Uploads, submits (answering warnings), validates and publishes a CSV as a provider (Italy's by default). */
  async function publishCsv(lines: string[], provider = w.cookies.providerIta) {
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/imports`,
      headers: { cookie: provider, 'x-passage-csrf': '1', 'content-type': 'text/csv' },
      payload: [IBC_HEADER, ...lines].join('\n'),
    });
    expect(up.statusCode, up.body).toBe(201);
    const id = up.json().submissionId as number;
    const findings = (await api('GET', `/submissions/${id}/findings`, provider)).json();
    const warningComments = Object.fromEntries(findings.map((f: { key: string }) => [f.key, 'checked']));
    const submit = await t.app.inject({
      method: 'POST',
      url: `/api/dialogues/${w.slug}/submissions/${id}/submit`,
      headers: { cookie: provider, 'x-passage-csrf': '1' },
      payload: { warningComments },
    });
    expect(submit.statusCode, submit.body).toBe(200);
    expect((await api('POST', `/submissions/${id}/validate`, w.cookies.manager)).statusCode).toBe(200);
    expect((await api('POST', `/submissions/${id}/publish`, w.cookies.manager)).statusCode).toBe(200);
  }

  const list = async (): Promise<Summary[]> => {
    await runJobsNow(t.db, jobHandlers());
    const res = await api('GET', '/forecasts', w.cookies.analystIta);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().series;
  };
  const cmr = (series: Summary[], citizenship = '_T') =>
    series.find((s) => s.route === 'CMR' && s.citizenship === citizenship)!;

  it('a series whose figures end 14 months ago is not forecast, and says why', async () => {
    const lines = HISTORY.flatMap((p, i) => [
      `IBC,ITA,${p},CMR,_T,_T,_T,_T,${count(i, 5000)},,`,
      `IBC,ITA,${p},CMR,_T,TUN,_T,_T,${count(i, 3000)},,`,
      `IBC,ITA,${p},CMR,_T,EGY,_T,_T,${count(i, 5000) - count(i, 3000)},,`,
    ]);
    await publishCsv(lines);
    const s = cmr(await list());
    expect(s).toMatchObject({ status: 'stale', chosenModel: null, origin: HISTORY.at(-1), months: 40 });
    expect(s.reason).toBe(
      `The last figures are for ${HISTORY.at(-1)}, 14 months before ${THIS_MONTH}: a forecast 6 months ahead of them would only forecast the past.`,
    );
  });

  it("the issue's first upload: one new month after 13 silent ones gives no forecast and the stated reason", async () => {
    await publishCsv([
      `IBC,ITA,${THIS_MONTH},CMR,_T,_T,_T,_T,600,,`,
      `IBC,ITA,${THIS_MONTH},CMR,_T,TUN,_T,_T,400,,`,
      `IBC,ITA,${THIS_MONTH},CMR,_T,EGY,_T,_T,200,,`,
    ]);
    const series = await list();
    for (const s of [cmr(series), cmr(series, 'TUN')]) {
      expect(s).toMatchObject({ status: 'gaps', chosenModel: null, origin: THIS_MONTH, rejected: [] });
      expect(s.reason).toBe(
        `No figures for 13 months (${addMonths(THIS_MONTH, -13)} to ${addMonths(THIS_MONTH, -1)}); since then only 1 month without a gap, and a forecast needs 36. Missing months are not counted as zeros.`,
      );
    }
    // Nothing was forecast from a history padded with zeros: no points, no backtest for the series.
    const [stored] = await t.db.query<{ points: number; backtests: number }>(sql`SELECT
        (SELECT count(*)::int FROM forecast_points p WHERE p.series_id = s.id) AS points,
        (SELECT count(*)::int FROM forecast_backtests b WHERE b.series_id = s.id) AS backtests
      FROM forecast_series s WHERE s.dialogue_id = ${w.dialogueId} AND s.route = 'CMR' AND s.citizenship = '_T'`);
    expect(stored).toEqual({ points: 0, backtests: 0 });
  });

  it('a gap early in a long series: the model is fed the unbroken months after it, the backtest never the gap', async () => {
    const months = periodRange(addMonths(THIS_MONTH, -45), THIS_MONTH); // 46 months
    const gap = new Set([months[2], months[3]]);
    // Greece reports it: Italy's months published by the tests before are locked (src/modules/period-locks).
    await publishCsv(
      months.flatMap((p, i) => (gap.has(p) ? [] : [`IBC,GRC,${p},WBR,_T,_T,_T,_T,${count(i, 800) + i},,`])),
      w.cookies.providerGrc,
    );
    const s = (await list()).find((x) => x.route === 'WBR')!;
    expect(s).toMatchObject({ status: 'ok', origin: THIS_MONTH, months: 42 });
    const body = (await api('GET', '/forecasts/series?indicator=IBC&route=WBR', w.cookies.analystIta)).json();
    const seen = body.backtestPoints.flatMap((b: { origin: string; period: string }) => [b.origin, b.period]);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((p: string) => p > months[3]!)).toBe(true);
    expect(body.backtestPoints.some((b: { actual: number }) => b.actual === 0)).toBe(false);
    // Its forecast stays within the envelope the guard enforces (3 × the largest month).
    const max = Math.max(...body.history.map((h: { value: number }) => h.value));
    const chosen = body.forecasts.find((f: { model: string }) => f.model === body.series.chosenModel);
    expect(Math.max(...chosen.points.map((p: { hi95: number }) => p.hi95))).toBeLessThanOrEqual(3 * max);
  });
});

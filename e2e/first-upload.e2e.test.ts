import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths, periodRange } from '../src/domain/periods';
import { refreshForecasts } from '../src/modules/forecasting/forecasting.service';
import {
  DEMO_DIALOGUE,
  DEMO_PERIODS,
  type Journey,
  loginAs,
  openPage,
  startJourney,
  THIS_MONTH,
} from './harness';
import { apiFromPage } from './i18n-helpers';

/**
 * Journey (issue 14, the demo is current): on the demo, Italy's provider reports the current month for the
 * Central Mediterranean; the secretariat validates and publishes it. The new month lands right after the
 * demo's last month: the analyst's dashboard has one row per month with no hole before it, says "1 of 2
 * reported" (Malta has not reported yet), compares it like for like (Italy against Italy a year earlier, not
 * against both states) and the forecast refitted on it starts from it and stays within the history's range,
 * or says why there is none. The server runs no job worker: the forecast job is run here, as it would be.
 */

interface Point {
  period: string;
  value: number | null;
  reported: number;
  expected: number;
  complete: boolean;
  comparedReporters: number | null;
  previous: number | null;
  yoyPct: number | null;
  status: string;
}
interface Observation {
  reporter: string;
  value: number | null;
}

const API = `/api/dialogues/${DEMO_DIALOGUE}`;
const FROM = addMonths(THIS_MONTH, -23);
const routeTotals = (p: string) =>
  `${API}/observations?indicator=IBC&from=${p}&to=${p}&route=CMED&citizenship=_T&border_type=_T`;

describe("a provider's first upload on the demo lands next to its history", () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney({ requireTwoFactor: false });
  }, 240_000);
  afterAll(async () => {
    await journey?.close();
  });

  it('publishes the current month; axis, n of m reported, like-for-like change and forecast are sane', async () => {
    const db = journey.target.db!;
    expect(addMonths(DEMO_PERIODS.to, 1)).toBe(THIS_MONTH);
    const provider = await openPage(journey);
    await loginAs(journey, provider.page, 'provider@demo.passage');
    // A plausible figure: Italy's own last month.
    const last = await apiFromPage<Observation[]>(provider.page, 'GET', routeTotals(DEMO_PERIODS.to));
    const value = last.find((o) => o.reporter === 'ITA')!.value!;
    const created = await apiFromPage<{ id: number }>(provider.page, 'POST', `${API}/submissions`, {
      observations: [
        {
          indicator: 'IBC',
          period: THIS_MONTH,
          breakdowns: { route: 'CMED' },
          value,
          flags: ['provisional'],
          comment: 'Sea arrivals of the last week still being registered',
        },
      ],
    });
    const findings = await apiFromPage<{ key: string; severity: string }[]>(
      provider.page,
      'GET',
      `${API}/submissions/${created.id}/findings`,
    );
    expect(findings.filter((f) => f.severity === 'error')).toEqual([]);
    await apiFromPage(provider.page, 'POST', `${API}/submissions/${created.id}/submit`, {
      warningComments: Object.fromEntries(findings.map((f) => [f.key, 'checked'])),
    });
    await provider.context.close();

    const manager = await openPage(journey);
    await loginAs(journey, manager.page, 'manager@demo.passage');
    // The review shows the provider's flag and comment, and who will see the figure once published.
    await manager.page.goto(`${journey.target.url}/d/${DEMO_DIALOGUE}/data/submissions/${created.id}`);
    const table = manager.page.getByTestId('figures-table');
    await expect
      .poll(() => table.getByTestId('figure-flags').first().textContent(), { timeout: 20_000 })
      .toBe('provisional');
    await expect(table.getByTestId('figure-comment').first().textContent()).resolves.toBe(
      'Sea arrivals of the last week still being registered',
    );
    const audience = manager.page.locator('[data-testid="visible-to"] li');
    await expect(audience.count()).resolves.toBe(1);
    const [ibc] = await db.query<{ classification: string }>(
      sql`SELECT classification FROM indicators WHERE code = 'IBC' LIMIT 1`,
    );
    await expect(audience.first().getAttribute('data-classification')).resolves.toBe(ibc!.classification);
    await expect(audience.first().textContent()).resolves.toContain('1 figures');
    await apiFromPage(manager.page, 'POST', `${API}/submissions/${created.id}/validate`, {});
    await apiFromPage(manager.page, 'POST', `${API}/submissions/${created.id}/publish`, {});
    await manager.context.close();

    // What the job queued by the publication does (this server runs no worker).
    const [d] = await db.query<{ id: number }>(sql`SELECT id FROM dialogues WHERE slug = ${DEMO_DIALOGUE}`);
    await refreshForecasts(db, d!.id, { indicators: ['IBC'], forecast: { maxOrigins: 12 } });

    const { page, context, pageErrors } = await openPage(journey);
    const dashboard = `/d/${DEMO_DIALOGUE}/analytics`;
    await loginAs(journey, page, 'analyst@demo.passage', dashboard);
    await page.goto(`${journey.target.url}${dashboard}?route=CMED&from=${FROM}&to=${THIS_MONTH}`);
    const kpis = page.locator('[data-testid="kpis-IBC"]');
    await expect
      .poll(() => kpis.locator('[data-testid="kpi-latest"]').textContent(), { timeout: 20_000 })
      .toBe(value.toLocaleString('en-GB'));
    await expect(kpis.locator('[data-testid="kpi-reported"]').textContent()).resolves.toBe('1 of 2 reported');
    await expect(kpis.locator('[data-testid="kpi-yoy"]').textContent()).resolves.toMatch(/\d/);
    await page.getByTestId('like-for-like-note').first().waitFor();

    // Continuous axis: one row per month, the new month right after the demo's last, no month missing.
    const rows = page.locator('[data-testid="series-table-IBC"] tbody tr');
    await expect(rows.count()).resolves.toBe(24);
    const periods = await rows.locator('td:first-child, th:first-child').allTextContents();
    expect(periods.map((p) => p.trim())).toEqual(periodRange(FROM, THIS_MONTH));

    const series = await apiFromPage<{ points: Point[] }>(
      page,
      'GET',
      `${API}/analytics/series?indicator=IBC&route=CMED&from=${FROM}&to=${THIS_MONTH}`,
    );
    expect(series.points.map((p) => p.status)).toEqual(Array(24).fill('reported'));
    const [before, now] = series.points.slice(-2);
    expect(before).toMatchObject({ period: DEMO_PERIODS.to, reported: 2, expected: 2, complete: true });
    expect(now).toMatchObject({ period: THIS_MONTH, value, reported: 1, expected: 2, complete: false });
    // Like for like: Italy this month against Italy a year earlier, not against Italy and Malta.
    const yearAgo = await apiFromPage<Observation[]>(page, 'GET', routeTotals(addMonths(THIS_MONTH, -12)));
    const italyYearAgo = yearAgo.find((o) => o.reporter === 'ITA')!.value!;
    expect(yearAgo).toHaveLength(2);
    expect(now).toMatchObject({ comparedReporters: 1, previous: italyYearAgo });
    expect(Math.abs(now!.yoyPct!)).toBeLessThan(60); // the raw total would compare with both states
    const raw = await apiFromPage<{ points: Point[] }>(
      page,
      'GET',
      `${API}/analytics/series?indicator=IBC&route=CMED&from=${THIS_MONTH}&to=${THIS_MONTH}&comparison=raw`,
    );
    expect(raw.points[0]!.previous).toBe(yearAgo.reduce((s, o) => s + o.value!, 0));

    // The forecast starts from the new month and stays in the history's range, or says why there is none.
    const fc = await apiFromPage<{
      series: { status: string; reason: string | null; origin: string | null; chosenModel: string | null };
      history: { period: string; value: number }[];
      forecasts: { model: string; points: { hi95: number; lo95: number; point: number }[] }[];
    }>(page, 'GET', `${API}/forecasts/series?indicator=IBC&route=CMED`);
    if (fc.series.status === 'ok') {
      expect(fc.series.origin).toBe(THIS_MONTH);
      const max = Math.max(...fc.history.map((h) => h.value));
      const chosen = fc.forecasts.find((f) => f.model === fc.series.chosenModel)!;
      expect(chosen.points.length).toBeGreaterThan(0);
      for (const p of chosen.points) {
        expect(p.lo95).toBeGreaterThanOrEqual(0);
        expect(p.hi95).toBeLessThan(3 * max);
      }
    } else {
      expect(fc.series.reason).toMatch(/\w+/);
    }
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 300_000);
});

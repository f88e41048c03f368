import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refreshForecasts } from '../src/modules/forecasting/forecasting.service';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey: an analyst opens the forecasts of the demo dialogue from the header, picks a route, sees the chart
 * with history, forecast and intervals, and the backtest table, whose numbers are the API's.
 * The server is the in-process test server; the IBC forecasts are computed before the journey (the test
 * server runs no job worker).
 */
describe('analyst reads the forecasts of a route', () => {
  let journey: Journey;
  beforeAll(async () => {
    journey = await startJourney({
      async prepare(db) {
        const [d] = await db.query<{ id: number }>(
          sql`SELECT id FROM dialogues WHERE slug = ${DEMO_DIALOGUE}`,
        );
        await refreshForecasts(db, d!.id, { indicators: ['IBC'], forecast: { maxOrigins: 12 } });
      },
    });
  }, 240_000);
  afterAll(async () => {
    await journey?.close();
  });

  it('shows the chart and the backtest table with the numbers of the API', async () => {
    const { page, pageErrors, foreignRequests } = await openPage(journey);
    const base = journey.target.url;
    await loginAs(journey, page, 'analyst@demo.passage');
    await page.getByTestId('forecasts-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/forecasts`);

    await page.getByTestId('forecast-route').selectOption('CMED');
    await page.waitForURL((url) => url.search.includes('route=CMED'));
    const chart = page.getByTestId('forecast-chart');
    await chart.waitFor();
    await expect(chart.locator('canvas').count()).resolves.toBeGreaterThan(0);
    const table = page.getByTestId('backtest-table');
    await table.waitFor();

    // The same series through the API, with the page's own session cookie.
    const api = await page.request.get(
      `${base}/api/dialogues/${DEMO_DIALOGUE}/forecasts/series?indicator=IBC&route=CMED`,
    );
    expect(api.status()).toBe(200);
    const body = (await api.json()) as {
      series: { chosenModel: string };
      backtests: { model: string; horizon: number; mase: number | null; coverage80: number | null }[];
      forecasts: { model: string; points: { point: number }[] }[];
    };
    expect(body.backtests.length).toBeGreaterThanOrEqual(5 * 6);
    for (const b of body.backtests) {
      const text = (await page.getByTestId(`backtest-${b.model}-${b.horizon}`).textContent())!.trim();
      expect({ model: b.model, h: b.horizon, text }).toEqual({
        model: b.model,
        h: b.horizon,
        text: b.mase!.toFixed(2),
      });
    }
    // Coverage view: percentages of the API's shares.
    await page.getByLabel('Coverage of the 80 % interval').check();
    const naive1 = body.backtests.find((b) => b.model === 'naive' && b.horizon === 1)!;
    const shown = (await page.getByTestId('backtest-naive-1').textContent())!.replace(/\s/g, '');
    expect(Number(shown.replace('%', ''))).toBeCloseTo(naive1.coverage80! * 100, 1);

    // The forecast table of the chosen model equals the API's points.
    const chosen = body.forecasts.find((f) => f.model === body.series.chosenModel)!;
    const firstPoint = await page.getByTestId('forecast-points').locator('tbody tr td').first().textContent();
    expect(Number(firstPoint!.replace(/[^\d]/g, ''))).toBe(Math.round(chosen.points[0]!.point));

    await page.getByText('Model and backtest').click();
    await expect(page.getByTestId('forecast-details').textContent()).resolves.toMatch(/backtest origins/);
    expect(pageErrors).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});

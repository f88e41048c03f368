import { mkdirSync } from 'node:fs';
import type { APIRequestContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DIALOGUE, type Journey, loginAs, openPage, startJourney } from './harness';

/**
 * Journey: an analyst opens the route map, moves the month slider with the keyboard and with play, sees the
 * month and a shaded country's value change, and the values match the published observations.
 */

const SCREENSHOTS = '.tmp/screenshots';

interface Choropleth {
  periods: string[];
  cells: { reporter: string; period: string; value: number }[];
}
interface Observation {
  reporter: string;
  period: string;
  value: number | null;
  breakdowns: Record<string, string>;
}

/** Waits until the map shows the month. */
const waitForPeriod = (page: Page, period: string) =>
  expect
    .poll(async () => (await page.getByTestId('map-period').textContent())?.trim(), { timeout: 15_000 })
    .toBe(period);

/** What the page shows: the month and the values table (reporter → value). */
async function shown(page: Page) {
  const period = (await page.getByTestId('map-period').textContent())?.trim() ?? '';
  const rows = await page.locator('[data-testid="map-values"] tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const el = tr as unknown as {
        dataset: Record<string, string>;
        querySelector(s: string): { dataset: Record<string, string> };
      };
      return [el.dataset.reporter ?? '', Number(el.querySelector('td').dataset.value)] as const;
    }),
  );
  return { period, values: new Map(rows) };
}

/** The total of a reporter and month from the raw published observations (all routes, no other breakdown). */
async function observedTotal(api: APIRequestContext, base: string, reporter: string, period: string) {
  const res = await api.get(
    `${base}/observations?indicator=IBC&reporter=${reporter}&from=${period}&to=${period}&citizenship=_T&border_type=_T`,
  );
  expect(res.status()).toBe(200);
  const rows = (await res.json()) as Observation[];
  return rows.filter((o) => o.breakdowns.route !== '_T').reduce((s, o) => s + (o.value ?? 0), 0);
}

describe('route map: shaded countries, month slider, play', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('shows the latest month, moves with the slider and play, and the values match the observations', async () => {
    const { page, context, foreignRequests, pageErrors } = await openPage(journey);
    const base = `${journey.target.url}/api/dialogues/${DEMO_DIALOGUE}`;
    await loginAs(journey, page, 'analyst@demo.passage', `/d/${DEMO_DIALOGUE}`);

    // The header link leads to the analytics; the map tab keeps the filters.
    await page.getByTestId('analytics-link').click();
    await page.waitForURL((url) => url.pathname === `/d/${DEMO_DIALOGUE}/analytics`);
    await page.getByTestId('analytics-tab-map').click();
    await page.locator('[data-testid="route-map"][data-map-ready="true"]').waitFor({ timeout: 60_000 });

    const api = (await context.request
      .get(`${base}/analytics/choropleth?indicator=IBC`)
      .then((r) => r.json())) as Choropleth;
    const last = api.periods.at(-1)!;
    const first = await shown(page);
    expect(first.period).toBe(last);
    expect(await page.getByTestId('map-title').textContent()).toContain(last);
    expect(first.values.size).toBeGreaterThan(3);
    for (const [reporter, value] of first.values)
      expect(value).toBe(api.cells.find((c) => c.reporter === reporter && c.period === last)?.value);
    // A country's shade comes from the value: the map's fill expression names its ISO numeric code.
    const fillBefore = await page.evaluate(() =>
      JSON.stringify(
        (
          globalThis as unknown as { __passageRouteMap: { getPaintProperty(l: string, p: string): unknown } }
        ).__passageRouteMap.getPaintProperty('choropleth', 'fill-color'),
      ),
    );
    expect(fillBefore).toContain('"300"'); // Greece
    await page.waitForTimeout(1500); // let the charts finish their entry animation
    await page.screenshot({ path: `${SCREENSHOTS}/analytics-map.png` });

    // Three months back with the keyboard.
    await page.getByTestId('map-slider').focus();
    // One key at a time (see below): each month shown before the next key.
    for (let i = 2; i <= 4; i++) {
      await page.keyboard.press('ArrowLeft');
      await waitForPeriod(page, api.periods.at(-i)!);
    }
    const target = api.periods.at(-4)!;
    const moved = await shown(page);
    expect(page.url()).toContain(`period=${target}`);
    const greece = 'GRC';
    expect(moved.values.get(greece)).not.toBe(first.values.get(greece));
    expect(moved.values.get(greece)).toBe(await observedTotal(context.request, base, greece, target));
    expect(first.values.get(greece)).toBe(await observedTotal(context.request, base, greece, last));
    // The first month (Home key): lower figures, lighter classes than the latest month.
    await page.keyboard.press('Home');
    await waitForPeriod(page, api.periods[0]!);
    const fillFirst = await page.evaluate(() =>
      JSON.stringify(
        (
          globalThis as unknown as { __passageRouteMap: { getPaintProperty(l: string, p: string): unknown } }
        ).__passageRouteMap.getPaintProperty('choropleth', 'fill-color'),
      ),
    );
    expect(fillFirst).not.toBe(fillBefore);
    await page.keyboard.press('End');
    await waitForPeriod(page, last);
    // One key at a time, each month shown before the next key: a key pressed while the map re-renders after
    // the previous one was lost under load (2026-09 instead of 2026-08).
    for (let i = 2; i <= 4; i++) {
      await page.keyboard.press('ArrowLeft');
      await waitForPeriod(page, api.periods.at(-i)!);
    }

    // Play advances month by month; pause stops it. Under load a poll can miss a step (one month every
    // 900 ms), so the test asserts the order of what it saw rather than one exact month.
    const indexShown = async () =>
      api.periods.indexOf((await page.getByTestId('map-period').textContent())?.trim() ?? '');
    const targetIndex = api.periods.indexOf(target);
    await page.getByTestId('map-play').click();
    await expect.poll(indexShown, { timeout: 15_000 }).toBeGreaterThan(targetIndex);
    await page.getByTestId('map-play').click();
    const paused = await indexShown();
    expect(paused).toBeGreaterThan(targetIndex);
    await page.waitForTimeout(2000); // two play steps: a paused map stays where it is
    expect(await indexShown()).toBe(paused);

    // Hover a country: its name and value show in the details.
    const box = (await page.getByTestId('route-map').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect
      .poll(() => page.getByTestId('map-details').textContent(), { timeout: 15_000 })
      .not.toContain('Point at');

    // Tablet width: the map and its panel still show.
    await page.setViewportSize({ width: 768, height: 1024 });
    await page.waitForTimeout(500);
    expect((await page.getByTestId('route-map').boundingBox())!.width).toBeGreaterThan(600);
    await page.waitForTimeout(1500); // let the charts finish their entry animation
    await page.screenshot({ path: `${SCREENSHOTS}/analytics-map-tablet.png`, fullPage: true });

    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  }, 120_000);
});

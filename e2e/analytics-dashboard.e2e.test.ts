import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMonths } from '../src/domain/periods';
import {
  DEMO_DIALOGUE,
  DEMO_EVENTS,
  DEMO_PERIODS,
  type Journey,
  loginAs,
  openPage,
  startJourney,
} from './harness';

/**
 * Journey: an analyst opens the route dashboard, changes the filters (the URL follows), downloads the CSV of
 * the monthly series and checks its numbers, and the numbers on the page, against the API and the published
 * observations; then the flows, route shifts and compare pages, and a bad link that explains itself.
 */

const SCREENSHOTS = '.tmp/screenshots';

/** 18 months ending 3 months before the demo's last (2024-01 to 2025-06 when the demo ended in 2025-09). */
const TO = addMonths(DEMO_PERIODS.to, -3);
const FROM = addMonths(TO, -17);
/** A vintage 8 months before the demo's end (15 January 2025 then): its latest months were not in yet. */
const AS_OF = `${addMonths(DEMO_PERIODS.to, -8)}-15`;
const asOfWords = (locale: string) =>
  new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${AS_OF}T00:00:00Z`),
  );
/** The route shift: the year before it and the year it began (2023 and 2024 then). */
const BEFORE_SHIFT = DEMO_EVENTS.surgeYear;
const AFTER_SHIFT = DEMO_EVENTS.surgeYear + 1;

interface SeriesView {
  points: { period: string; value: number; previous: number | null; ytd: number }[];
}
interface Observation {
  value: number | null;
  breakdowns: Record<string, string>;
}

describe('route dashboard: filters in the URL, CSV download, numbers as published', () => {
  let journey: Journey;

  beforeAll(async () => {
    journey = await startJourney();
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await journey?.close();
  });

  it('changes filters, downloads the CSV and shows the figures the database holds', async () => {
    const { page, context, pageErrors } = await openPage(journey);
    const base = `${journey.target.url}/api/dialogues/${DEMO_DIALOGUE}`;
    const dashboard = `/d/${DEMO_DIALOGUE}/analytics`;
    await loginAs(journey, page, 'analyst@demo.passage', dashboard);
    await page.getByTestId('kpis-IBC').waitFor();

    // The forecast panel: this server computed no forecasts, so it says why instead of staying blank.
    await page.getByTestId('dashboard-forecast').waitFor();
    await expect
      .poll(() => page.getByTestId('dashboard-forecast-reason').textContent(), { timeout: 15_000 })
      .toContain('No forecast for this selection');
    const forecastLink = new URL(
      (await page.getByTestId('dashboard-forecast-link').getAttribute('href')) ?? '',
      journey.target.url,
    );
    expect(forecastLink.pathname).toBe(`/d/${DEMO_DIALOGUE}/forecasts`);
    expect(forecastLink.searchParams.get('indicator')).toBe('IBC');
    expect(forecastLink.searchParams.get('route')).toMatch(/^[A-Z_]+$/);
    expect(forecastLink.searchParams.get('citizenship')).toBe('_T');

    // Filters go to the URL.
    await page.locator('#f-route').selectOption('WBAL');
    await page.waitForURL((url) => url.searchParams.get('route') === 'WBAL');
    await page.locator('#f-from').fill(FROM);
    await page.waitForURL((url) => url.searchParams.get('from') === FROM);
    await page.locator('#f-to').fill(TO);
    await page.waitForURL((url) => url.searchParams.get('to') === TO);
    await page.locator('[data-testid="kpis-IBC"] [data-testid="kpi-latest"]').waitFor();
    await expect
      .poll(() => page.locator('[data-testid="kpis-IBC"]').textContent(), { timeout: 15_000 })
      .toContain(TO);

    const api = (await context.request
      .get(`${base}/analytics/series?indicator=IBC&route=WBAL&from=${FROM}&to=${TO}`)
      .then((r) => r.json())) as SeriesView;
    expect(api.points).toHaveLength(18);
    const lastPoint = api.points.at(-1)!;
    const latestShown = await page
      .locator('[data-testid="kpis-IBC"] [data-testid="kpi-latest"]')
      .textContent();
    expect(Number(latestShown?.replace(/\D/g, ''))).toBe(lastPoint.value);
    const ytdShown = await page.locator('[data-testid="kpis-IBC"] [data-testid="kpi-ytd"]').textContent();
    expect(Number(ytdShown?.replace(/\D/g, ''))).toBe(lastPoint.ytd);

    // The same month from the raw published observations (every reporter on the route, totals only).
    const raw = (await context.request
      .get(`${base}/observations?indicator=IBC&from=${TO}&to=${TO}&route=WBAL&citizenship=_T&border_type=_T`)
      .then((r) => r.json())) as Observation[];
    expect(raw.reduce((s, o) => s + (o.value ?? 0), 0)).toBe(lastPoint.value);

    // CSV download of the series: the same numbers.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('series-IBC-csv').click(),
    ]);
    const file = readFileSync((await download.path())!, 'utf8')
      .trim()
      .split('\n');
    expect(file[0]).toBe(
      'period,value,same_month_last_year,yoy_pct,ytd,ytd_last_year,ytd_yoy_pct,status,reporters_reported,reporters_expected,comparison',
    );
    expect(file).toHaveLength(19);
    expect(file.slice(1).map((l) => l.split(',').slice(0, 2))).toEqual(
      api.points.map((p) => [p.period, String(p.value)]),
    );
    // Every month of the demo is in, from all six states on the route, compared like for like.
    expect(new Set(file.slice(1).map((l) => l.split(',').slice(7).join(',')))).toEqual(
      new Set(['reported,6,6,like_for_like']),
    );

    // Top citizenships, split and completeness are there.
    await page.getByTestId('top-citizenships-table').waitFor();
    expect(await page.locator('[data-testid="top-citizenships-table"] tbody tr').count()).toBeGreaterThan(2);
    await page.getByTestId('completeness-grid').waitFor();
    expect(await page.locator('[data-testid="completeness-grid"] tbody tr').count()).toBeGreaterThan(5);
    await page.locator('[data-testid="breakdown"] canvas').first().waitFor();
    await page.waitForTimeout(1500); // let the charts finish their entry animation
    await page.screenshot({ path: `${SCREENSHOTS}/analytics-dashboard.png`, fullPage: true });

    // The vintage switch: the date goes to the URL and onto the charts.
    await page.locator('#f-asof').fill(AS_OF);
    await page.waitForURL((url) => url.searchParams.get('asOf') === AS_OF);
    await expect
      .poll(() => page.getByTestId('completeness').textContent(), { timeout: 15_000 })
      .toMatch(new RegExp(`${asOfWords('en-GB')}|${asOfWords('en-US')}`));
    // As published then, the latest months were not in yet.
    await expect
      .poll(
        () =>
          page.locator('[data-testid="completeness-grid"] tr[data-reporter="GRC"] td').last().textContent(),
        { timeout: 15_000 },
      )
      .not.toBe('0');

    // Flows: a Sankey and its table.
    await page.getByTestId('analytics-tab-flows').click();
    await page.getByTestId('flows-table').waitFor();
    expect(await page.locator('[data-testid="flows-table"] tbody tr').count()).toBeGreaterThan(5);
    await page.waitForTimeout(1500); // let the charts finish their entry animation
    await page.screenshot({ path: `${SCREENSHOTS}/analytics-flows.png`, fullPage: true });

    // Route shifts: Afghan detections moved from the Eastern Mediterranean to the Western Balkans.
    await page.goto(
      `${journey.target.url}${dashboard}/shifts?aFrom=${BEFORE_SHIFT}-01&aTo=${BEFORE_SHIFT}-12&bFrom=${AFTER_SHIFT}-01&bTo=${AFTER_SHIFT}-12`,
    );
    await page.getByTestId('shift-item').first().waitFor();
    expect(await page.getByTestId('shift-item').first().getAttribute('data-citizenship')).toBe('AFG');
    await page.waitForTimeout(1500); // let the charts finish their entry animation
    await page.screenshot({ path: `${SCREENSHOTS}/analytics-shifts.png`, fullPage: true });

    // Compare: three routes side by side.
    await page.getByTestId('analytics-tab-compare').click();
    await page.getByTestId('compare-table').waitFor();
    expect(await page.locator('[data-testid="compare-table"] tbody tr').count()).toBe(3);

    // A bad link: the API's explanation is shown, not a blank chart.
    await page.goto(`${journey.target.url}${dashboard}?indicators=NOPE`);
    await expect
      .poll(() => page.getByTestId('series-NOPE').textContent(), { timeout: 15_000 })
      .toContain('no indicator "NOPE"');
    await page.goto(`${journey.target.url}${dashboard}?from=2025-06&to=2024-01`);
    await expect
      .poll(() => page.getByTestId('series-IBC').textContent(), { timeout: 15_000 })
      .toContain('must not be before');

    expect(pageErrors.filter((e) => !e.includes('400'))).toEqual([]);
    await context.close();
  }, 180_000);
});

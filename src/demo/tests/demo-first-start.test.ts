/**
 * The demo is current (issue 14): seeded today, its figures end with last month, its calendar starts with
 * its first month, nothing is published in the future, and the jobs queued by the seed give forecasts (not
 * stale), alerts on the surge and the route shift and a situation report of last month — what a first start
 * shows. Seeded with the real day: the forecast's stale rule reads the real clock too.
 */
import sql from 'sql-template-tag';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, jobHandlers, type TestApp } from '../../../test/app';
import { testDatabases } from '../../../test/databases';
import { runJobsNow } from '../../jobs/worker';
import { DEMO_ALERT_RULES, DEMO_WATCHER } from '../demo-watch';
import { demoEvents, demoPeriods } from '../generate-observations';
import { seedDemo } from '../seed-demo';

const TODAY = new Date();
const { from: FIRST, to: LAST } = demoPeriods(TODAY);
const EVENTS = demoEvents(LAST);

describe.each(testDatabases())('demo on first start [%s]', (kind) => {
  let t: TestApp;
  let dialogueId: number;
  beforeAll(async () => {
    t = await createTestApp(kind);
    dialogueId = (await seedDemo(t.db, { password: 'a fixed demo password', today: TODAY })).dialogueId;
  }, 120_000);
  afterAll(() => t?.close());

  it('ends with last month, its calendar starts with its first month, nothing is published later than today', async () => {
    const [range] = await t.db.query<{ first: string; last: string; latest_pub: Date }>(sql`
      SELECT to_char(min(period), 'YYYY-MM') AS first, to_char(max(period), 'YYYY-MM') AS last,
        max(published_at) AS latest_pub
      FROM observations WHERE dialogue_id = ${dialogueId}`);
    expect(range).toMatchObject({ first: FIRST, last: LAST });
    expect(range!.latest_pub.getTime()).toBeLessThanOrEqual(TODAY.getTime());
    const calendars = await t.db.query<{ from_period: string }>(sql`
      SELECT DISTINCT to_char(from_period, 'YYYY-MM') AS from_period FROM reporting_calendars
      WHERE dialogue_id = ${dialogueId}`);
    expect(calendars).toEqual([{ from_period: FIRST }]);
  });

  it('queues forecasts, then the alert evaluation, then the report, in that order', async () => {
    const jobs = await t.db.query<{ name: string }>(
      sql`SELECT name FROM jobs WHERE status = 'queued' ORDER BY run_at, id`,
    );
    expect(jobs.map((j) => j.name)).toEqual(['forecast.refresh', 'alerts.evaluate', 'reports.monthly']);
  });

  it('after the queued jobs: forecasts from last month, alerts on the surge and the shift, a report', async () => {
    const outcomes = await runJobsNow(t.db, jobHandlers());
    expect(outcomes.map((o) => [o.name, o.ok])).toEqual([
      ['forecast.refresh', true],
      ['alerts.evaluate', true],
      ['reports.monthly', true],
    ]);
    const [cmed] = await t.db.query<{ status: string; origin: string }>(sql`
      SELECT s.status, to_char(s.origin, 'YYYY-MM') AS origin FROM forecast_series s
      JOIN indicators i ON i.id = s.indicator_id
      WHERE s.dialogue_id = ${dialogueId} AND i.code = 'IBC' AND s.route = 'CMED' AND s.citizenship = '_T'
        AND s.reporter_iso3 = '_T'`);
    expect(cmed).toEqual({ status: 'ok', origin: LAST });
    const [stale] = await t.db.query<{ n: number }>(
      sql`SELECT count(*)::int AS n FROM forecast_series WHERE dialogue_id = ${dialogueId} AND status = 'stale'`,
    );
    expect(stale!.n).toBe(0);

    const alerts = await t.db.query<{ rule: string; period: string }>(sql`
      SELECT r.name AS rule, to_char(a.period, 'YYYY-MM') AS period FROM alerts a
      JOIN alert_rules r ON r.id = a.rule_id WHERE a.dialogue_id = ${dialogueId} ORDER BY a.period`);
    const surge = alerts.filter((a) => a.rule === DEMO_ALERT_RULES[0].name).map((a) => a.period);
    const shift = alerts.filter((a) => a.rule === DEMO_ALERT_RULES[1].name).map((a) => a.period);
    // The surge fires in its summer months and nowhere else; the shift from its January, within the year.
    expect(surge.length).toBeGreaterThanOrEqual(3);
    expect(surge.every((p) => p >= `${EVENTS.surgeYear}-06` && p <= `${EVENTS.surgeYear}-10`)).toBe(true);
    expect(shift.length).toBeGreaterThanOrEqual(1);
    expect(shift[0]! >= EVENTS.shiftFrom && shift[0]! < `${EVENTS.surgeYear + 2}-01`).toBe(true);
    // The owner (secretariat) is notified; nobody else's bell rings without a subscription.
    const bells = await t.db.query<{ email: string }>(sql`
      SELECT DISTINCT u.email FROM notifications n JOIN users u ON u.id = n.user_id`);
    expect(bells).toEqual([{ email: DEMO_WATCHER }]);

    const reports = await t.db.query<{ route: string; period: string; has_html: boolean; title: string }>(sql`
      SELECT route, to_char(period, 'YYYY-MM') AS period, length(html) > 0 AS has_html, title FROM reports
      WHERE dialogue_id = ${dialogueId}`);
    expect(reports).toEqual([
      { route: 'CMED', period: LAST, has_html: true, title: expect.stringContaining(LAST) },
    ]);
  }, 600_000);
});

/**
 * What the demo watches from its first start: two alert rules of the secretariat's data manager that fire on
 * the generated surge (Central Mediterranean, year on year) and route shift (Afghans on the Western Balkans),
 * a monthly situation report schedule, and the background jobs that compute forecasts, evaluate the rules over
 * the history and write the report — queued in that order in the seeding transaction, so the report reads the
 * forecasts and the alerts. Written with plain SQL like the rest of the seed; the jobs are the modules' own.
 */
import sql from 'sql-template-tag';
import type { Queryable } from '../db/connect';
import { addMonths, type Period, periodRange } from '../domain/periods';
import { enqueueAlertEvaluation } from '../modules/alerts/alerts.jobs';
import { enqueueForecastRefresh } from '../modules/forecasting/forecasting.service';
import { enqueueMonthlyReports } from '../modules/reports/reports.service';

/** Owner of the demo's rules and report schedule (secretariat: sees every figure; analysts' bells stay quiet). */
export const DEMO_WATCHER = 'manager@demo.passage';

export const DEMO_ALERT_RULES = [
  {
    name: 'Central Mediterranean surge',
    indicator: 'IBC',
    route: 'CMED',
    citizenship: '_T',
    definition: { kind: 'yoy', abovePct: 50 },
  },
  {
    name: 'Afghans move to the Western Balkans',
    indicator: 'IBC',
    route: 'WBAL',
    citizenship: 'AFG',
    definition: { kind: 'route_shift', abovePoints: 10 },
  },
] as const;

/** The situation report written on first start (and every month after a publication). */
export const DEMO_REPORT_SCHEDULE = { route: 'CMED', indicator: 'IBC', language: 'en' } as const;

/** Months the first evaluation covers: the last 36 (as after a publication), which hold the surge and shift. */
export const DEMO_EVALUATED_MONTHS = 36;

export async function seedDemoWatch(
  tx: Queryable,
  dialogueId: number,
  indicatorIds: ReadonlyMap<string, number>,
  to: Period,
): Promise<void> {
  const [owner] = await tx.query<{ id: number; organisation_id: number }>(
    sql`SELECT id, organisation_id FROM users WHERE email = ${DEMO_WATCHER}`,
  );
  if (!owner) throw new Error(`the demo has no user ${DEMO_WATCHER}`);
  for (const r of DEMO_ALERT_RULES) {
    await tx.query(sql`INSERT INTO alert_rules
        (dialogue_id, owner_id, owner_org_id, name, indicator_id, route, citizenship, definition, is_active)
      VALUES (${dialogueId}, ${owner.id}, ${owner.organisation_id}, ${r.name}, ${indicatorIds.get(r.indicator)!},
        ${r.route}, ${r.citizenship}, ${JSON.stringify(r.definition)}::jsonb, true)`);
  }
  const s = DEMO_REPORT_SCHEDULE;
  await tx.query(sql`INSERT INTO report_schedules (dialogue_id, route, indicator, language, created_by)
    VALUES (${dialogueId}, ${s.route}, ${s.indicator}, ${s.language}, ${owner.id})`);
  // One transaction, one now(): the queue runs these by id, i.e. in this order, one after the other.
  await enqueueForecastRefresh(tx, dialogueId);
  await enqueueAlertEvaluation(tx, dialogueId, periodRange(addMonths(to, 1 - DEMO_EVALUATED_MONTHS), to));
  await enqueueMonthlyReports(tx, dialogueId);
}

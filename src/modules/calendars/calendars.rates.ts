/**
 * Reporting rate and on-time rate per member state × indicator × month (completeness and timeliness,
 * src/domain/calendars/reporting-rates.ts), for any member of the dialogue, and the table behind it as CSV or
 * XLSX. Receipts are read from the submissions' metadata (when a month was first submitted or published),
 * never from the values, so every member sees the same rates; only indicators the caller may see are
 * included. Also the received months the reminder job needs.
 */
import type { Queryable } from '../../db/connect';
import { withActor } from '../../db/with-actor';
import { receivedKey } from '../../domain/calendars/reporting-calendar';
import { computeReportingRates, defaultRateRange } from '../../domain/calendars/reporting-rates';
import { addMonths, monthsBetween, periodRange } from '../../domain/periods';
import { allows } from '../../shared/access';
import type { Ctx } from '../../shared/ctx';
import { Invalid, NotFound } from '../../shared/errors';
import type { Table } from '../analytics/analytics.export';
import { requireDialogue } from '../dialogues/dialogues.service';
import { listIndicatorCodes } from '../indicators/indicators.service';
import { calendarsPolicy } from './calendars.policy';
import type { ReportingRatesQuery, ReportingRatesView } from './calendars.schema';
import { loadReportingCalendar } from './calendars.service';
import { listDialoguesWithCalendar, listReceipts } from './calendars.sql';

/** At most this many months in one answer (13 states × 9 indicators × 60 months ≈ 7,000 cells). */
const MAX_MONTHS = 60;

/** GET …/definitions/reporting-rates: completeness and timeliness of every member state (members). */
export async function getReportingRates(
  ctx: Ctx,
  slug: string,
  q: ReportingRatesQuery,
): Promise<ReportingRatesView> {
  const d = await requireDialogue(ctx, slug);
  if (!ctx.actor || !allows(ctx.actor, calendarsPolicy.read, { dialogueId: d.id }))
    throw new NotFound(`Dialogue "${slug}"`);
  const asOf = q.asOf ?? new Date().toISOString().slice(0, 10);
  const range = rangeOf(q, asOf);
  const { entries, visible } = await withActor(ctx.db, ctx.actor, async (db) => ({
    entries: await loadReportingCalendar(db, d.id),
    visible: new Set((await listIndicatorCodes(db, d.id)).map((i) => i.code)),
  }));
  const wanted = entries.filter(
    (e) =>
      visible.has(e.indicator) &&
      (q.reporter === undefined || e.reporter === q.reporter) &&
      (q.indicator === undefined || e.indicator === q.indicator),
  );
  // Receipts are submission metadata (dates), read without the per-figure visibility filter on purpose.
  const receipts = new Map(
    (await listReceipts(ctx.db, d.id, { ...range, reporter: q.reporter, indicator: q.indicator }))
      .filter((r) => visible.has(r.indicator))
      .map((r) => [receivedKey(r.reporter, r.indicator, r.period), r.received_on]),
  );
  const rates = computeReportingRates(wanted, receipts, { ...range, asOf });
  return {
    asOf,
    ...range,
    isOpenCalendar: entries.length === 0,
    periods: periodRange(range.from, range.to),
    ...rates,
  };
}

/** As given; `from` alone: up to the default end (or `from`); `to` alone: the twelve months up to it. */
function rangeOf(q: ReportingRatesQuery, asOf: string): { from: string; to: string } {
  const fallback = defaultRateRange(asOf);
  const to = q.to ?? (q.from !== undefined && q.from > fallback.to ? q.from : fallback.to);
  const from = q.from ?? (q.to !== undefined ? addMonths(q.to, -11) : fallback.from);
  if (monthsBetween(from, to) < 0)
    throw new Invalid([{ field: 'querystring.to', message: `is before from (${from})` }]);
  if (monthsBetween(from, to) >= MAX_MONTHS)
    throw new Invalid([{ field: 'querystring.from', message: `at most ${MAX_MONTHS} months at a time` }]);
  return { from, to };
}

/** The state × indicator table of the rates (CSV/XLSX download). */
export function reportingRatesTable(slug: string, v: ReportingRatesView): Table {
  return {
    name: `${slug}-reporting-rates-${v.from}-${v.to}`,
    header: [
      'reporter',
      'indicator',
      'expected',
      'received',
      'on_time',
      'late',
      'missing',
      'pending',
      'reporting_rate_pct',
      'on_time_rate_pct',
    ],
    rows: v.rows.map((r) => [
      r.reporter,
      r.indicator,
      r.expected,
      r.received,
      r.onTime,
      r.late,
      r.missing,
      r.pending,
      r.reportingRate,
      r.onTimeRate,
    ]),
  };
}

/**
 * Keys (receivedKey) of the (reporter, indicator, month) received since `since`: submitted, validated or
 * published. Runs in the caller's transaction (the reminder job runs as the database owner).
 */
export async function loadReceivedKeys(
  db: Queryable,
  dialogueId: number,
  since: string,
  to: string,
): Promise<Set<string>> {
  return new Set(
    (await listReceipts(db, dialogueId, { from: since, to })).map((r) =>
      receivedKey(r.reporter, r.indicator, r.period),
    ),
  );
}

/** Ids of the dialogues that have a reporting calendar (the reminder job's work list). */
export async function listCalendarDialogues(db: Queryable): Promise<number[]> {
  return (await listDialoguesWithCalendar(db)).map((r) => r.dialogue_id);
}

/**
 * Reporting calendars: which member state reports which indicator, from which month (to which), and by which
 * day of the following month. Pure: the caller passes the calendar entries (and what was received).
 *
 * A dialogue with no entries at all has an open calendar: every period is expected from everyone (so dialogues
 * set up before calendars existed keep accepting what they accepted). Once a dialogue has any entry, a
 * (reporter, indicator) pair without one is not expected at all.
 *
 * Membership: an entry may carry its reporter's periods of membership (`memberDuring`). The calendar still
 * says which figures are accepted (checkCalendar), but a month is only *due* — overdue, reminded, counted in
 * the rates — while the reporter was a member (isDueMonth): a state is not late for months before it joined,
 * nor chased for months after it left.
 */

import type { MessageParams } from '../import-mapping/messages';
import { type MembershipPeriod, wasMemberInPeriod } from '../members/membership';
import { type RowMessageCode, rowMessage } from '../observations/row-messages';
import { addMonths, monthsBetween, type Period, periodRange } from '../periods';

export interface CalendarEntry {
  reporter: string;
  indicator: string;
  /** First month reported, YYYY-MM. */
  from: Period;
  /** Last month reported, YYYY-MM; null = open-ended. */
  to: Period | null;
  /** Day of the month following the period by which the figures are due (1–28). */
  deadlineDay: number;
  /** The reporter's periods of membership; undefined = a member throughout. */
  memberDuring?: readonly MembershipPeriod[];
}

export type CalendarVerdict =
  | { isExpected: true; entry: CalendarEntry | null }
  | {
      isExpected: false;
      /** In English; `code` and `params` word it in other languages (row-messages.ts). */
      reason: string;
      code: RowMessageCode;
      params: MessageParams;
    };

const notExpected = (code: RowMessageCode, params: MessageParams): CalendarVerdict => {
  const m = rowMessage(code, params);
  return { isExpected: false, reason: m.message, code, params };
};

/** Is period P expected from reporter R for indicator I? With the reason when it is not. */
export function checkCalendar(
  entries: readonly CalendarEntry[],
  reporter: string,
  indicator: string,
  period: Period,
): CalendarVerdict {
  if (entries.length === 0) return { isExpected: true, entry: null };
  const entry = entries.find((e) => e.reporter === reporter && e.indicator === indicator);
  if (!entry) return notExpected('PERIOD_NOT_IN_CALENDAR', { reporter, indicator });
  if (period < entry.from)
    return notExpected('PERIOD_BEFORE_CALENDAR', { period, reporter, indicator, from: entry.from });
  if (entry.to !== null && period > entry.to)
    return notExpected('PERIOD_AFTER_CALENDAR', { period, reporter, indicator, to: entry.to });
  return { isExpected: true, entry };
}

export function isPeriodExpected(
  entries: readonly CalendarEntry[],
  reporter: string,
  indicator: string,
  period: Period,
): boolean {
  return checkCalendar(entries, reporter, indicator, period).isExpected;
}

/** Was the entry's reporter a member in `period` (so the month can be due from it)? */
export function isMemberMonth(entry: Pick<CalendarEntry, 'memberDuring'>, period: Period): boolean {
  return entry.memberDuring === undefined || wasMemberInPeriod(entry.memberDuring, period);
}

/** The day (YYYY-MM-DD) by which period P's figures are due under this entry. */
export function deadlineOf(entry: Pick<CalendarEntry, 'deadlineDay'>, period: Period): string {
  return `${addMonths(period, 1)}-${String(entry.deadlineDay).padStart(2, '0')}`;
}

export interface OverdueItem {
  reporter: string;
  indicator: string;
  period: Period;
  /** YYYY-MM-DD */
  deadline: string;
  daysLate: number;
}

const DAY_MS = 86_400_000;

/**
 * Which (reporter, indicator, month) are overdue on day `asOf` (YYYY-MM-DD): expected by the calendar, due
 * before that day, and not in `received` (keys `reporter|indicator|YYYY-MM`, see receivedKey). Months before
 * `since` are left out (defaults to every month of the calendar). Sorted by deadline, reporter, indicator.
 */
export function listOverdue(
  entries: readonly CalendarEntry[],
  received: ReadonlySet<string>,
  asOf: string,
  opts: { since?: Period } = {},
): OverdueItem[] {
  const today = Date.parse(`${asOf}T00:00:00Z`);
  const asOfPeriod = asOf.slice(0, 7);
  const items: OverdueItem[] = [];
  for (const e of entries) {
    // The last month whose deadline can have passed is the one before asOf's month.
    let last = addMonths(asOfPeriod, -1);
    if (e.to !== null && e.to < last) last = e.to;
    let first = e.from;
    if (opts.since && opts.since > first) first = opts.since;
    if (monthsBetween(first, last) < 0) continue;
    for (const period of periodRange(first, last)) {
      if (!isMemberMonth(e, period)) continue;
      const deadline = deadlineOf(e, period);
      const due = Date.parse(`${deadline}T00:00:00Z`);
      if (due >= today) continue;
      if (received.has(receivedKey(e.reporter, e.indicator, period))) continue;
      items.push({
        reporter: e.reporter,
        indicator: e.indicator,
        period,
        deadline,
        daysLate: Math.round((today - due) / DAY_MS),
      });
    }
  }
  return items.sort(
    (a, b) =>
      a.deadline.localeCompare(b.deadline) ||
      a.reporter.localeCompare(b.reporter) ||
      a.indicator.localeCompare(b.indicator),
  );
}

export const receivedKey = (reporter: string, indicator: string, period: Period) =>
  `${reporter}|${indicator}|${period}`;

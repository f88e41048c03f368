/**
 * Which reminders are due on a day: for each (reporter, indicator, month) the calendar expects and that has
 * not been received, the reminder offsets (days relative to the deadline, e.g. [-5, 0, 3]) whose day has come.
 * Pure: the caller passes the calendar, what was received and the day; recording what was sent (so each
 * reminder goes out once) is the caller's.
 *
 * Only the latest offset whose day has come is due, and only within GRACE_DAYS of that day: a job that did
 * not run for a few days still sends the reminder it missed, but switching reminders on for an old calendar
 * (or a server down for weeks) does not bury the providers under reminders of long-overdue months — those are
 * in the secretariat's digest and the overdue list.
 */
import { addMonths, monthsBetween, type Period, periodRange } from '../periods';
import {
  type CalendarEntry,
  checkCalendar,
  deadlineOf,
  isMemberMonth,
  receivedKey,
} from './reporting-calendar';

export const GRACE_DAYS = 7;
/** Offsets a dialogue may set: up to four weeks before and eight weeks after the deadline. */
export const MIN_OFFSET = -28;
export const MAX_OFFSET = 56;
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = [-5, 0, 3];

export interface DueReminder {
  reporter: string;
  indicator: string;
  period: Period;
  /** YYYY-MM-DD */
  deadline: string;
  /** The offset this reminder is for: < 0 before the deadline, 0 on the day, > 0 after it. */
  offset: number;
  /** Days from the deadline to `asOf` (negative before it). */
  daysFromDeadline: number;
}

const DAY_MS = 86_400_000;
const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/** The offsets sorted and without duplicates; throws on one outside [MIN_OFFSET, MAX_OFFSET]. */
export function normaliseOffsets(offsets: readonly number[]): number[] {
  for (const o of offsets)
    if (!Number.isInteger(o) || o < MIN_OFFSET || o > MAX_OFFSET)
      throw new RangeError(`reminder offset ${o} is outside ${MIN_OFFSET}…${MAX_OFFSET} days`);
  return [...new Set(offsets)].sort((a, b) => a - b);
}

/**
 * The reminders due on day `asOf` (YYYY-MM-DD) under these offsets. `received` holds receivedKey()s of the
 * (reporter, indicator, month) already submitted or published. Sorted by reporter, indicator, month.
 */
export function dueReminders(
  entries: readonly CalendarEntry[],
  received: ReadonlySet<string>,
  asOf: string,
  offsets: readonly number[],
): DueReminder[] {
  const sorted = normaliseOffsets(offsets);
  if (!sorted.length || !entries.length) return [];
  const today = dayNumber(asOf);
  // Months whose deadline (day ≤ 28 of the next month) can lie within the window around today.
  const asOfMonth = asOf.slice(0, 7);
  const earliest = addMonths(asOfMonth, -Math.ceil((sorted.at(-1)! + GRACE_DAYS) / 28) - 1);
  const latest = addMonths(asOfMonth, Math.ceil(-sorted[0]! / 28));
  const out: DueReminder[] = [];
  for (const e of entries) {
    for (const period of monthsBetween(earliest, latest) >= 0 ? periodRange(earliest, latest) : []) {
      if (!checkCalendar(entries, e.reporter, e.indicator, period).isExpected) continue;
      if (!isMemberMonth(e, period)) continue;
      if (received.has(receivedKey(e.reporter, e.indicator, period))) continue;
      const deadline = deadlineOf(e, period);
      const fromDeadline = today - dayNumber(deadline);
      const offset = latestOffset(sorted, fromDeadline);
      if (offset === undefined || fromDeadline - offset >= GRACE_DAYS) continue;
      out.push({
        reporter: e.reporter,
        indicator: e.indicator,
        period,
        deadline,
        offset,
        daysFromDeadline: fromDeadline,
      });
    }
  }
  return out.sort(
    (a, b) =>
      a.reporter.localeCompare(b.reporter) ||
      a.indicator.localeCompare(b.indicator) ||
      a.period.localeCompare(b.period),
  );
}

/** The largest offset whose day has come (≤ days from the deadline), if any. */
function latestOffset(sorted: readonly number[], fromDeadline: number): number | undefined {
  let found: number | undefined;
  for (const o of sorted) if (o <= fromDeadline) found = o;
  return found;
}

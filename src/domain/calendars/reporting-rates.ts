/**
 * Completeness and timeliness, DHIS2-style: for each member state × indicator × month the reporting calendar
 * expects, was it received, and by the deadline? Reporting rate = received / expected, on-time rate =
 * received by the deadline / expected (both in %). Pure: the caller passes the calendar entries and the day
 * each (reporter, indicator, month) was first received (a figure submitted, validated or published).
 *
 * Which months count as expected: those whose deadline has passed on `asOf`, and those received already
 * (early figures count as on time). A month still before its deadline and not yet received is `pending` and
 * counts in neither rate, so a month in progress never lowers a state's rate. An open calendar (no entries)
 * expects nothing: the rates are null. Months the state was not a member in (entries' memberDuring) are
 * not expected either.
 */
import { addMonths, monthsBetween, type Period, periodRange } from '../periods';
import {
  type CalendarEntry,
  checkCalendar,
  deadlineOf,
  isMemberMonth,
  receivedKey,
} from './reporting-calendar';

export type MonthStatus = 'on_time' | 'late' | 'missing' | 'pending' | 'not_expected';

export interface RateCell {
  reporter: string;
  indicator: string;
  period: Period;
  status: MonthStatus;
  /** YYYY-MM-DD, null when the month is not expected. */
  deadline: string | null;
  /** YYYY-MM-DD of the first receipt, or null. */
  receivedOn: string | null;
}

export interface RateCounts {
  /** Months that count: due, or received before they were due. */
  expected: number;
  received: number;
  onTime: number;
  late: number;
  missing: number;
  /** Not yet due and not received: counted in no rate. */
  pending: number;
  /** received / expected × 100, one decimal; null when nothing is expected. */
  reportingRate: number | null;
  onTimeRate: number | null;
}

export interface ReportingRates {
  cells: RateCell[];
  /** Per state × indicator over the months. */
  rows: ({ reporter: string; indicator: string } & RateCounts)[];
  byReporter: ({ reporter: string } & RateCounts)[];
  byIndicator: ({ indicator: string } & RateCounts)[];
  byMonth: ({ period: Period } & RateCounts)[];
  total: RateCounts;
}

/** First receipt of each (reporter, indicator, month): keys of receivedKey → YYYY-MM-DD. */
export type Receipts = ReadonlyMap<string, string>;

/** The status of one expected month on day `asOf` (YYYY-MM-DD). */
export function monthStatus(deadline: string, receivedOn: string | null, asOf: string): MonthStatus {
  if (receivedOn !== null) return receivedOn <= deadline ? 'on_time' : 'late';
  return deadline < asOf ? 'missing' : 'pending';
}

/**
 * The cells of every (reporter, indicator) pair of the calendar over [from, to] (optionally narrowed to some
 * reporters or indicators), judged on day `asOf`, and their rates by state × indicator, state, indicator,
 * month and overall.
 */
export function computeReportingRates(
  entries: readonly CalendarEntry[],
  receipts: Receipts,
  range: { from: Period; to: Period; asOf: string },
): ReportingRates {
  const periods = monthsBetween(range.from, range.to) >= 0 ? periodRange(range.from, range.to) : [];
  const cells: RateCell[] = [];
  const pairs = [...entries].sort(
    (a, b) => a.reporter.localeCompare(b.reporter) || a.indicator.localeCompare(b.indicator),
  );
  for (const e of pairs)
    for (const period of periods) {
      const verdict = checkCalendar(entries, e.reporter, e.indicator, period);
      const receivedOn = receipts.get(receivedKey(e.reporter, e.indicator, period)) ?? null;
      if (!verdict.isExpected || !isMemberMonth(e, period)) {
        cells.push({ ...pick(e), period, status: 'not_expected', deadline: null, receivedOn });
        continue;
      }
      const deadline = deadlineOf(e, period);
      cells.push({
        ...pick(e),
        period,
        status: monthStatus(deadline, receivedOn, range.asOf),
        deadline,
        receivedOn,
      });
    }
  return {
    cells,
    rows: groupCounts(cells, (c) => `${c.reporter}|${c.indicator}`).map(([c, counts]) => ({
      reporter: c.reporter,
      indicator: c.indicator,
      ...counts,
    })),
    byReporter: groupCounts(cells, (c) => c.reporter).map(([c, counts]) => ({
      reporter: c.reporter,
      ...counts,
    })),
    byIndicator: groupCounts(cells, (c) => c.indicator)
      .map(([c, counts]) => ({ indicator: c.indicator, ...counts }))
      .sort((a, b) => a.indicator.localeCompare(b.indicator)),
    byMonth: groupCounts(cells, (c) => c.period)
      .map(([c, counts]) => ({ period: c.period, ...counts }))
      .sort((a, b) => a.period.localeCompare(b.period)),
    total: countCells(cells),
  };
}

const pick = (e: CalendarEntry) => ({ reporter: e.reporter, indicator: e.indicator });

/** The cells grouped by `key`: the first cell of each group (it names the group) and the group's counts. */
function groupCounts(cells: readonly RateCell[], key: (c: RateCell) => string): [RateCell, RateCounts][] {
  const groups = new Map<string, RateCell[]>();
  for (const c of cells) {
    const k = key(c);
    const list = groups.get(k);
    if (list) list.push(c);
    else groups.set(k, [c]);
  }
  return [...groups.values()].map((list) => [list[0]!, countCells(list)]);
}

/** The counts and rates of some cells. */
export function countCells(cells: readonly RateCell[]): RateCounts {
  const n = { onTime: 0, late: 0, missing: 0, pending: 0 };
  for (const c of cells) {
    if (c.status === 'on_time') n.onTime++;
    else if (c.status === 'late') n.late++;
    else if (c.status === 'missing') n.missing++;
    else if (c.status === 'pending') n.pending++;
  }
  const received = n.onTime + n.late;
  const expected = received + n.missing;
  const pct = (x: number) => (expected === 0 ? null : Math.round((x / expected) * 1000) / 10);
  return { expected, received, ...n, reportingRate: pct(received), onTimeRate: pct(n.onTime) };
}

/** The default range: the twelve months up to the month before `asOf` (whose deadline may have passed). */
export function defaultRateRange(asOf: string): { from: Period; to: Period } {
  const to = addMonths(asOf.slice(0, 7), -1);
  return { from: addMonths(to, -11), to };
}

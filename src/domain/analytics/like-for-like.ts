/**
 * Like-for-like comparisons (issue 14, FRAN practice): a change between two periods compares only the
 * reporters — and, for year-to-date, the months — present in both. Without it a month reported by one state
 * of thirteen compared with a complete month a year earlier reads as a −90 % fall. Pure: the caller gives
 * each reporter's total per month; raw totals stay available to the caller beside these figures.
 */
import { addMonths, type Period } from '../periods';

/** Percentage change, one decimal; null when there is nothing to compare with (no value, or a base of 0). */
export function pctChange(value: number | null, previous: number | null): number | null {
  if (value === null || previous === null || previous === 0) return null;
  return Math.round(((value - previous) / previous) * 1000) / 10;
}

export interface ReporterValue {
  reporter: string;
  period: Period;
  value: number;
}

export interface LikeForLike {
  /** The current month's total over the reporters that also reported the same month a year earlier. */
  value: number | null;
  /** The same reporters' total a year earlier. */
  previous: number | null;
  /** Reporters compared (present in both months). */
  reporters: number;
  /** January to this month, summed over the (reporter, month) pairs present in both years. */
  ytd: number | null;
  ytdPrevious: number | null;
}

/** Each reporter's value per month, for look-ups. */
function index(cells: readonly ReporterValue[]): Map<Period, Map<string, number>> {
  const out = new Map<Period, Map<string, number>>();
  for (const c of cells) {
    const m = out.get(c.period) ?? new Map<string, number>();
    m.set(c.reporter, (m.get(c.reporter) ?? 0) + c.value);
    out.set(c.period, m);
  }
  return out;
}

/** Sums of one month against the same month a year earlier, over the reporters present in both. */
function pairOf(byMonth: Map<Period, Map<string, number>>, period: Period) {
  const now = byMonth.get(period);
  const before = byMonth.get(addMonths(period, -12));
  let value = 0;
  let previous = 0;
  let reporters = 0;
  for (const [r, v] of now ?? []) {
    const p = before?.get(r);
    if (p === undefined) continue;
    value += v;
    previous += p;
    reporters++;
  }
  return { value, previous, reporters };
}

/** Like-for-like figures of every month in `periods` (see LikeForLike); null where nothing is comparable. */
export function likeForLike(
  cells: readonly ReporterValue[],
  periods: readonly Period[],
): Map<Period, LikeForLike> {
  const byMonth = index(cells);
  const out = new Map<Period, LikeForLike>();
  for (const period of periods) {
    const month = pairOf(byMonth, period);
    let ytd = 0;
    let ytdPrevious = 0;
    let ytdReporters = 0;
    const year = period.slice(0, 4);
    for (let m = `${year}-01`; m <= period; m = addMonths(m, 1)) {
      const p = pairOf(byMonth, m);
      ytd += p.value;
      ytdPrevious += p.previous;
      ytdReporters += p.reporters;
    }
    out.set(period, {
      value: month.reporters ? month.value : null,
      previous: month.reporters ? month.previous : null,
      reporters: month.reporters,
      ytd: ytdReporters ? ytd : null,
      ytdPrevious: ytdReporters ? ytdPrevious : null,
    });
  }
  return out;
}

/** How many of the expected reporters have figures in a month ("8 of 13 states reported"). */
export function reportingOf(
  cells: readonly ReporterValue[],
  period: Period,
  expected: readonly string[],
): { reported: number; expected: number; complete: boolean } {
  const present = new Set(cells.filter((c) => c.period === period).map((c) => c.reporter));
  const missing = expected.filter((r) => !present.has(r));
  return {
    reported: present.size,
    expected: new Set([...expected, ...present]).size,
    complete: missing.length === 0,
  };
}

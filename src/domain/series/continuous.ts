/**
 * Continuous monthly time: every analytics series, table and export has one entry per month of its range,
 * and a month without figures is a gap (value null, status "missing"), never a zero and never skipped.
 * Without this, a month published after a long silence sits right next to the last old month on a
 * category axis and a 13-month gap reads as a one-month drop (issue 14). One pure helper so every view
 * fills gaps the same way; callers give a factory for the empty entry because each view has its own fields.
 */
import { monthsBetween, type Period, periodRange } from '../periods';

export type PeriodStatus = 'reported' | 'missing';

/** Largest range filled; above it the caller's range check has already failed (memory stays bounded). */
export const MAX_CONTINUOUS_MONTHS = 25 * 12 + 12;

/**
 * One entry per month from `from` to `to` (both included): the entry given for that month with status
 * "reported", or `empty(period)` with status "missing". Without a bound, the first or last given month is
 * used; with no entries and no bounds the result is empty. Entries outside the range are dropped.
 */
export function continuous<T extends { period: Period }>(
  entries: readonly T[],
  empty: (period: Period) => T,
  range: { from?: Period | undefined; to?: Period | undefined } = {},
): Array<T & { status: PeriodStatus }> {
  const sorted = [...entries].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
  const from = range.from ?? sorted[0]?.period;
  const to = range.to ?? sorted.at(-1)?.period;
  if (from === undefined || to === undefined) return [];
  if (monthsBetween(from, to) > MAX_CONTINUOUS_MONTHS) {
    throw new RangeError(`range ${from}..${to} is longer than ${MAX_CONTINUOUS_MONTHS} months`);
  }
  const byPeriod = new Map(sorted.map((e) => [e.period, e]));
  return periodRange(from, to).map((period) => {
    const found = byPeriod.get(period);
    return found ? { ...found, status: 'reported' } : { ...empty(period), status: 'missing' };
  });
}

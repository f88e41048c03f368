/** Monthly periods written `YYYY-MM`. Pure helpers, no time zones involved. */
export type Period = string;

const PERIOD_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isPeriod(s: string): boolean {
  return PERIOD_RE.test(s);
}

export function parsePeriod(p: Period): { year: number; month: number } {
  const m = PERIOD_RE.exec(p);
  if (!m) throw new RangeError(`"${p}" is not a period (expected YYYY-MM)`);
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function formatPeriod(year: number, month: number): Period {
  return `${year}-${String(month).padStart(2, '0')}`;
}

export function addMonths(p: Period, n: number): Period {
  const { year, month } = parsePeriod(p);
  const idx = year * 12 + (month - 1) + n;
  return formatPeriod(Math.floor(idx / 12), (idx % 12) + 1);
}

/** Number of months from a to b (b - a). */
export function monthsBetween(a: Period, b: Period): number {
  const x = parsePeriod(a);
  const y = parsePeriod(b);
  return (y.year - x.year) * 12 + (y.month - x.month);
}

/** All periods from `from` to `to`, both included. */
export function periodRange(from: Period, to: Period): Period[] {
  const n = monthsBetween(from, to);
  return Array.from({ length: Math.max(0, n + 1) }, (_, i) => addMonths(from, i));
}

/** The SQL `date` of a period: its first day. */
export function periodToDate(p: Period): string {
  parsePeriod(p);
  return `${p}-01`;
}

export function dateToPeriod(d: string): Period {
  return d.slice(0, 7);
}

/**
 * The secretariat's uptake dashboard of notices, computed without a database (uptake.test.ts): notices per
 * state per quarter, the member states that never notified, the median number of days from a measure's
 * adoption to its notification (per state and overall; a notice sent after its effective date is late), the
 * acknowledgement rate (overall and per receiving state), and which states to nudge for not having notified
 * for N months, once per period. The EU's Mutual Information Mechanism failed on uptake: this is how the
 * secretariat sees it coming.
 */

export interface UptakeNotice {
  id: number;
  title: string;
  /** The notifying state. */
  state: string;
  /** When it was sent (ISO instant). */
  sentAt: string;
  adoptedOn: string | null;
  effectiveOn: string | null;
  /** Each organisation expected to acknowledge it (member states' authorities outside the notifying side). */
  expected: readonly { country: string; acknowledged: boolean }[];
}

export interface StateUptake {
  state: string;
  total: number;
  /** Notices sent in each of the dashboard's quarters (same order as `quarters`). */
  byQuarter: number[];
  lastSentOn: string | null;
  /** Median days from adoption to sending, of its notices with an adoption date (negative: notified before). */
  medianDaysToNotify: number | null;
  late: number;
  /** Of the notices this state's organisations were expected to acknowledge, the share they did (0–1). */
  acknowledgementRate: number | null;
}

export interface LateNotice {
  id: number;
  title: string;
  state: string;
  effectiveOn: string;
  sentOn: string;
  daysLate: number;
}

export interface Uptake {
  quarters: string[];
  states: StateUptake[];
  neverNotified: string[];
  medianDaysToNotify: number | null;
  late: LateNotice[];
  acknowledgements: { expected: number; acknowledged: number; rate: number | null };
}

const DAY_MS = 86_400_000;
const day = (iso: string) => iso.slice(0, 10);
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${day(to)}T00:00:00Z`) - Date.parse(`${day(from)}T00:00:00Z`)) / DAY_MS);

/** "2026-Q3" of a day or instant (UTC). */
export function quarterOf(iso: string): string {
  const month = Number(iso.slice(5, 7));
  return `${iso.slice(0, 4)}-Q${Math.ceil(month / 3)}`;
}

/** The `count` quarters ending with the one of `now`, oldest first. */
export function lastQuarters(now: Date, count: number): string[] {
  const out: string[] = [];
  let y = now.getUTCFullYear();
  let q = Math.floor(now.getUTCMonth() / 3) + 1;
  for (let i = 0; i < count; i++) {
    out.unshift(`${y}-Q${q}`);
    q -= 1;
    if (q === 0) {
      q = 4;
      y -= 1;
    }
  }
  return out;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const rate = (done: number, of: number) => (of === 0 ? null : Math.round((done / of) * 1000) / 1000);

/** Days from adoption to notification; null without an adoption date. */
const daysToNotify = (n: UptakeNotice) => (n.adoptedOn ? daysBetween(n.adoptedOn, n.sentAt) : null);

/** Sent after the day it took effect. */
export const isLate = (n: { sentAt: string; effectiveOn: string | null }) =>
  n.effectiveOn !== null && day(n.sentAt) > n.effectiveOn;

export function computeUptake(
  memberStates: readonly string[],
  notices: readonly UptakeNotice[],
  now: Date,
  quarterCount = 8,
): Uptake {
  const quarters = lastQuarters(now, quarterCount);
  const states = [...new Set([...memberStates, ...notices.map((n) => n.state)])].sort();
  const perState = states.map((state): StateUptake => {
    const own = notices.filter((n) => n.state === state);
    const received = notices.flatMap((n) => n.expected.filter((e) => e.country === state));
    const sentDays = own.map((n) => day(n.sentAt)).sort();
    return {
      state,
      total: own.length,
      byQuarter: quarters.map((q) => own.filter((n) => quarterOf(n.sentAt) === q).length),
      lastSentOn: sentDays.at(-1) ?? null,
      medianDaysToNotify: median(own.map(daysToNotify).filter((d): d is number => d !== null)),
      late: own.filter(isLate).length,
      acknowledgementRate: rate(received.filter((e) => e.acknowledged).length, received.length),
    };
  });
  const expected = notices.flatMap((n) => n.expected);
  const done = expected.filter((e) => e.acknowledged).length;
  return {
    quarters,
    states: perState,
    neverNotified: memberStates.filter((s) => !notices.some((n) => n.state === s)).sort(),
    medianDaysToNotify: median(notices.map(daysToNotify).filter((d): d is number => d !== null)),
    late: notices
      .filter(isLate)
      .map((n) => ({
        id: n.id,
        title: n.title,
        state: n.state,
        // isLate: effectiveOn is set.
        effectiveOn: n.effectiveOn ?? '',
        sentOn: day(n.sentAt),
        daysLate: daysBetween(n.effectiveOn ?? '', n.sentAt),
      }))
      .sort((a, b) => b.daysLate - a.daysLate || a.id - b.id),
    acknowledgements: { expected: expected.length, acknowledged: done, rate: rate(done, expected.length) },
  };
}

/** Months without a notice before a state is nudged: PASSAGE_NOTICE_NUDGE_MONTHS, default 6 (1–36). */
export function nudgeMonths(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PASSAGE_NOTICE_NUDGE_MONTHS ?? 6);
  return Number.isInteger(n) && n >= 1 && n <= 36 ? n : 6;
}

/** The day `months` calendar months before `now` (UTC), clamped to the month's end. */
export function monthsBefore(now: Date, months: number): string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth() - months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  return new Date(Date.UTC(y, m, Math.min(now.getUTCDate(), last))).toISOString().slice(0, 10);
}

/**
 * The period a nudge belongs to: blocks of `months` calendar months counted from year 0 (e.g. with 6: the
 * first and second half of each year). A state is nudged at most once per period.
 */
export function nudgePeriod(now: Date, months: number): string {
  const index = Math.floor((now.getUTCFullYear() * 12 + now.getUTCMonth()) / months);
  const start = index * months;
  return `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, '0')}/${months}m`;
}

/** Member states whose last notice was sent before `months` months ago, or never: those to nudge. */
export function statesToNudge(
  memberStates: readonly string[],
  lastSentOn: ReadonlyMap<string, string>,
  now: Date,
  months: number,
): string[] {
  const since = monthsBefore(now, months);
  return memberStates.filter((s) => {
    const last = lastSentOn.get(s);
    return last === undefined || last < since;
  });
}

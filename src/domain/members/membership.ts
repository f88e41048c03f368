/**
 * Who was a member of a dialogue in a month. Membership is a history of periods (dialogue_memberships,
 * migration 0019): a state is a member in month M when one of its periods overlaps M — it joined on or before
 * M's last day and had not left before M's first day (left_on is the last day of membership). Calendars,
 * reminders, reporting rates and the analytics' "expected" count use it, so a state that joined in M is not
 * late for months before M and one that left is not chased for months after it left. Pure: the caller passes
 * the periods (members service).
 */
import { addMonths, type Period } from '../periods';

export interface MembershipPeriod {
  /** YYYY-MM-DD */
  joinedOn: string;
  /** YYYY-MM-DD, the last day of membership; null while it lasts. */
  leftOn: string | null;
}

/** Member state → its periods of membership (every period, closed ones included). */
export type MembershipHistories = ReadonlyMap<string, readonly MembershipPeriod[]>;

/** The last day (YYYY-MM-DD) of a month. */
export function lastDayOf(period: Period): string {
  const next = Date.parse(`${addMonths(period, 1)}-01T00:00:00Z`);
  return new Date(next - 86_400_000).toISOString().slice(0, 10);
}

/** Was the member a member during (some day of) month `period`? */
export function wasMemberInPeriod(periods: readonly MembershipPeriod[], period: Period): boolean {
  const first = `${period}-01`;
  const last = lastDayOf(period);
  return periods.some((p) => p.joinedOn <= last && (p.leftOn === null || p.leftOn >= first));
}

/**
 * Is `reporter` a member in `period` according to `histories`? With no histories at all (undefined) every
 * reporter counts as a member; with histories, a reporter without any period was never a member.
 */
export function isMemberIn(
  histories: MembershipHistories | undefined,
  reporter: string,
  period: Period,
): boolean {
  if (histories === undefined) return true;
  return wasMemberInPeriod(histories.get(reporter) ?? [], period);
}

/** The member states of some month, sorted. */
export function membersInPeriod(histories: MembershipHistories, period: Period): string[] {
  return [...histories]
    .filter(([, periods]) => wasMemberInPeriod(periods, period))
    .map(([reporter]) => reporter)
    .sort();
}

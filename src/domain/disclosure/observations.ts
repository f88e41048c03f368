/**
 * Disclosure control applied to published observations: which figures of a dialogue's table an outsider may see.
 * The table is every published figure of the indicators concerned (never only the figures a query asks for:
 * the same cells must be hidden whatever the query, or two queries could be differenced against each other).
 *
 * Totals: every breakdown against its `_T` total (one level per breakdown, combined freely: citizenship × sex
 * cells sit in a citizenship group and a sex group); the months of a year against the year total and the
 * reporting states against their sum (both derived totals: dashboards and annual figures publish them).
 */
import { type Breakdowns, DIMENSIONS } from '../observations/dimensions';
import {
  type Cell,
  type Hierarchy,
  type SuppressionKind,
  storedTotal,
  sumOf,
  suppressTable,
  yearTotal,
} from './suppress';
import { type ColumnSuppression, type ColumnTable, suppressColumns } from './suppress-columns';

export interface ProtectableObservation {
  indicator: string;
  reporter: string;
  /** YYYY-MM */
  period: string;
  breakdowns: Breakdowns;
  value: number | null;
  flags: readonly string[];
}

export const OBSERVATION_HIERARCHIES: readonly Hierarchy[] = [
  ...DIMENSIONS.map((d) => storedTotal(d)),
  yearTotal('period'),
  sumOf('reporter'),
];

/** SDMX CL_CONF_STATUS: C confidential (primary), D secondary confidentiality set by the sender. */
export const CONF_STATUS_OF: Record<SuppressionKind, 'C' | 'D'> = { primary: 'C', secondary: 'D' };

/** Per observation (same order): why it is withheld from outsiders, or null when it may be published. */
export function protectObservations(
  obs: readonly ProtectableObservation[],
  threshold: number,
): (SuppressionKind | null)[] {
  return protectObservationTable(obs, threshold).status;
}

/** A derived total of the table (a year of months, or the sum over reporting states) and whether it is withheld. */
export interface ProtectedTotal {
  key: Record<string, string>;
  value: number;
  status: SuppressionKind | null;
}

/** protectObservations, with the derived totals (year totals, sums over reporters) the same run protected. */
export function protectObservationTable(
  obs: readonly ProtectableObservation[],
  threshold: number,
): { status: (SuppressionKind | null)[]; totals: ProtectedTotal[] } {
  const cells: Cell[] = obs.map((o) => ({
    key: { indicator: o.indicator, reporter: o.reporter, period: o.period, ...o.breakdowns },
    value: o.value === null ? null : Number(o.value),
    isConfidential: o.flags.includes('confidential'),
  }));
  const r = suppressTable(cells, OBSERVATION_HIERARCHIES, threshold);
  return { status: r.status, totals: r.virtuals };
}

/**
 * protectObservationTable for a table in columns (dimensions indicator, reporter, period and the breakdowns;
 * src/modules/sdmx/public-figures.ts): the same hierarchies and the same result, without an object per cell.
 */
export function protectObservationColumns(table: ColumnTable, threshold: number): ColumnSuppression {
  return suppressColumns(table, OBSERVATION_HIERARCHIES, threshold);
}

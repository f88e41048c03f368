/**
 * The values of the public portal's map (a choropleth per reporting state): for one indicator and one period (a
 * month `YYYY-MM` or a year `YYYY`), each reporting state's figure, taken from the protected public table (public
 * published figures after disclosure control, src/modules/sdmx readPublicTable). Pure, no I/O.
 *
 * Nothing here suppresses anything: it picks figures and totals the suppression run has already protected, and
 * the only sums it forms itself are sums of free figures (a sum with a withheld part is withheld, CONF_STATUS D),
 * so no value shown lets anyone work out a withheld one by subtraction:
 * - a month: the state's stored total (every breakdown `_T`) when it reports one, else the sum over its routes
 *   (figures whose other breakdowns are totals, as the route pages show them);
 * - a year: the year total of the same figures that the suppression run derived and protected (the months of a
 *   year are a group of the run, `yearTotal` in src/domain/disclosure/observations.ts); summed over routes only
 *   when every route's year total is free.
 * A withheld figure has `value: null` and its status (C or D), never 0.
 */
import { TOTAL_CODE } from '../observations/dimensions';

/** One figure of the public table, as far as the map reads it. */
export interface MapFigureInput {
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Readonly<Record<string, string>>;
  value: number | null;
  obsStatus: string;
  confStatus: 'F' | 'C' | 'D';
}

/** A derived total of the public table (src/domain/disclosure/observations.ts ProtectedTotal). */
export interface MapTotalInput {
  key: Readonly<Record<string, string>>;
  value: number;
  status: 'primary' | 'secondary' | null;
}

/** One state's value on the map. */
export interface MapStateValue {
  reporter: string;
  /** null: withheld (confStatus C or D) or not available (confStatus F, obsStatus M). */
  value: number | null;
  obsStatus: string;
  confStatus: 'F' | 'C' | 'D';
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

/** Whether a period is a month (YYYY-MM) or a year (YYYY) the map can show. */
export const isMapPeriod = (p: string) => MONTH.test(p) || YEAR.test(p);

/** Whether every breakdown but the route is the total (the level the map reads). */
const isRouteLevel = (f: MapFigureInput) =>
  Object.entries(f.breakdowns).every(([d, c]) => d === 'route' || c === TOTAL_CODE);

const routeOf = (f: MapFigureInput) => f.breakdowns.route ?? TOTAL_CODE;

/** The figures of the indicator the map reads, per reporting state (never the `_T` reporter). */
function mapCells(figures: readonly MapFigureInput[], indicator: string): MapFigureInput[] {
  return figures.filter((f) => f.indicator === indicator && f.reporter !== TOTAL_CODE && isRouteLevel(f));
}

/** The months and years with figures of the indicator, oldest first. */
export function mapPeriods(
  figures: readonly MapFigureInput[],
  indicator: string,
): { months: string[]; years: string[] } {
  const months = [...new Set(mapCells(figures, indicator).map((f) => f.period))].sort();
  return { months, years: [...new Set(months.map((m) => m.slice(0, 4)))].sort() };
}

/** The default period: the latest month with figures, or null without any. */
export function latestMapPeriod(figures: readonly MapFigureInput[], indicator: string): string | null {
  return mapPeriods(figures, indicator).months.at(-1) ?? null;
}

/** The statuses of a sum: A when all parts are, the parts' one status when they share it, else E (estimated). */
function combinedObsStatus(parts: readonly { obsStatus: string }[]): string {
  const all = new Set(parts.map((p) => p.obsStatus));
  return all.size === 1 ? [...all][0]! : 'E';
}

type Part = { value: number | null; obsStatus: string; confStatus: 'F' | 'C' | 'D' };

/** A sum of parts as the map shows it: withheld (D) when a part is withheld, else the sum of the free parts. */
function sumParts(parts: readonly Part[]): Omit<MapStateValue, 'reporter'> {
  const obsStatus = combinedObsStatus(parts);
  if (parts.some((p) => p.confStatus !== 'F')) return { value: null, obsStatus, confStatus: 'D' };
  if (parts.every((p) => p.value === null)) return { value: null, obsStatus: 'M', confStatus: 'F' };
  return { value: parts.reduce((s, p) => s + (p.value ?? 0), 0), obsStatus, confStatus: 'F' };
}

/** The year total the suppression run derived for these months (same key, period the year), as a part. */
function yearPart(
  totals: readonly MapTotalInput[],
  months: readonly MapFigureInput[],
  year: string,
): Part | null {
  const first = months[0];
  if (!first) return null;
  const wanted: Record<string, string> = {
    indicator: first.indicator,
    reporter: first.reporter,
    period: year,
    ...first.breakdowns,
  };
  const total = totals.find(
    (t) =>
      Object.keys(wanted).length === Object.keys(t.key).length &&
      Object.entries(wanted).every(([d, c]) => t.key[d] === c),
  );
  const obsStatus = combinedObsStatus(months);
  // Not derived (cannot happen for months of the table): withhold rather than sum unprotected.
  if (!total) return { value: null, obsStatus, confStatus: 'D' };
  if (total.status !== null)
    return { value: null, obsStatus, confStatus: total.status === 'primary' ? 'C' : 'D' };
  return { value: total.value, obsStatus, confStatus: 'F' };
}

/**
 * Each reporting state's value for the indicator and period (a month or a year), ordered by state code;
 * states without a figure in the period are left out.
 */
export function mapValues(
  figures: readonly MapFigureInput[],
  totals: readonly MapTotalInput[],
  indicator: string,
  period: string,
): MapStateValue[] {
  const isYear = YEAR.test(period);
  const inPeriod = mapCells(figures, indicator).filter((f) =>
    isYear ? f.period.slice(0, 4) === period : f.period === period,
  );
  const byReporter = new Map<string, MapFigureInput[]>();
  for (const f of inPeriod) byReporter.set(f.reporter, [...(byReporter.get(f.reporter) ?? []), f]);
  const out: MapStateValue[] = [];
  for (const [reporter, cells] of [...byReporter].sort(([a], [b]) => a.localeCompare(b))) {
    const stored = cells.filter((c) => routeOf(c) === TOTAL_CODE);
    // One level only, so nothing counts twice: the state's own totals when it reports them, else its routes.
    const level = stored.length ? stored : cells;
    if (!isYear) {
      const [only] = level;
      const value =
        stored.length && only
          ? { value: only.value, obsStatus: only.obsStatus, confStatus: only.confStatus }
          : sumParts(level);
      out.push({ reporter, ...value });
      continue;
    }
    const byRoute = new Map<string, MapFigureInput[]>();
    for (const c of level) byRoute.set(routeOf(c), [...(byRoute.get(routeOf(c)) ?? []), c]);
    const parts = [...byRoute.values()].flatMap((months) => {
      const p = yearPart(totals, months, period);
      return p ? [p] : [];
    });
    // A single part (the state's own total, or one route) keeps its own status.
    out.push({ reporter, ...(parts.length === 1 ? parts[0]! : sumParts(parts)) });
  }
  return out;
}

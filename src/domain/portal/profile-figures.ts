/**
 * The key figures of a country profile on the public portal, from the public table (public published figures
 * after disclosure control): per indicator, the state's total of the latest twelve months with figures, the
 * same months a year earlier, the split by route and a monthly trend. Pure, no I/O.
 *
 * Only sums of free figures are ever shown: a month, a route's twelve months or a total that has a withheld
 * part (CONF_STATUS C or D) is itself withheld (null, with `isWithheld`), never the sum of its free parts, so
 * nothing here lets anyone work out a withheld figure by subtraction.
 */
import { TOTAL_CODE } from '../observations/dimensions';
import { addMonths } from '../periods';

/** One figure of the public table, as far as the key figures read it. */
export interface KeyFigureInput {
  indicator: string;
  reporter: string;
  period: string;
  breakdowns: Readonly<Record<string, string>>;
  value: number | null;
  confStatus: 'F' | 'C' | 'D';
}

/** A sum shown on the page: its value, or null when a part is withheld (or there is none). */
export interface KeySum {
  value: number | null;
  isWithheld: boolean;
}

export interface PublicKeyFigures {
  indicator: string;
  /** The latest twelve months with a figure of the state. */
  from: string;
  to: string;
  total: KeySum;
  /** The same twelve months a year earlier (null value without figures then). */
  previous: KeySum;
  byRoute: ({ route: string } & KeySum)[];
  /** The latest 36 months, one entry each (value null and not withheld: no figure). */
  trend: ({ period: string } & KeySum)[];
}

const TREND_MONTHS = 36;

/** Sums parts: withheld when one is withheld, null without parts. */
function sumOf(parts: readonly KeyFigureInput[]): KeySum {
  if (!parts.length) return { value: null, isWithheld: false };
  if (parts.some((p) => p.value === null || p.confStatus !== 'F')) return { value: null, isWithheld: true };
  return { value: parts.reduce((s, p) => s + (p.value ?? 0), 0), isWithheld: false };
}

/** Whether every breakdown but the route is the total. */
const isRouteLevel = (f: KeyFigureInput) =>
  Object.entries(f.breakdowns).every(([d, c]) => d === 'route' || c === TOTAL_CODE);

/**
 * The state's key figures per indicator (in the order given), from its figures on each route (or, for an
 * indicator it reports without routes, its totals). Indicators without a figure of the state are left out.
 */
export function publicKeyFigures(
  figures: readonly KeyFigureInput[],
  reporter: string,
  indicators: readonly string[],
): PublicKeyFigures[] {
  const out: PublicKeyFigures[] = [];
  for (const indicator of indicators) {
    const mine = figures.filter(
      (f) => f.indicator === indicator && f.reporter === reporter && isRouteLevel(f),
    );
    const onRoutes = mine.filter((f) => (f.breakdowns.route ?? TOTAL_CODE) !== TOTAL_CODE);
    // One level only, so nothing counts twice: the routes when the state reports by route, else its totals.
    const cells = onRoutes.length ? onRoutes : mine;
    if (!cells.length) continue;
    const to = cells.map((c) => c.period).sort()[cells.length - 1]!;
    const from = addMonths(to, -11);
    const inWindow = (p: string, offset: number) =>
      p <= addMonths(to, -offset) && p >= addMonths(from, -offset);
    const routes = [...new Set(onRoutes.map((c) => c.breakdowns.route!))].sort();
    const trend: PublicKeyFigures['trend'] = [];
    for (let i = TREND_MONTHS - 1; i >= 0; i--) {
      const period = addMonths(to, -i);
      trend.push({ period, ...sumOf(cells.filter((c) => c.period === period)) });
    }
    out.push({
      indicator,
      from,
      to,
      total: sumOf(cells.filter((c) => inWindow(c.period, 0))),
      previous: sumOf(cells.filter((c) => inWindow(c.period, 12))),
      byRoute: routes.map((route) => ({
        route,
        ...sumOf(cells.filter((c) => c.breakdowns.route === route && inWindow(c.period, 0))),
      })),
      trend,
    });
  }
  return out;
}

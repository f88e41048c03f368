import { apiRequest } from '../../ui/api-client';

/** Query parameters of an analytics view; undefined and '' are left out. */
export type Params = Record<string, string | number | undefined>;

export type AnalyticsView =
  | 'series'
  | 'top-citizenships'
  | 'route-month'
  | 'breakdown'
  | 'completeness'
  | 'flows'
  | 'route-shifts'
  | 'compare'
  | 'choropleth';

/** URL of an analytics view: JSON, or with `format` the table behind it as a CSV or XLSX download. */
export function analyticsUrl(
  slug: string,
  view: AnalyticsView,
  params: Params,
  format?: 'csv' | 'xlsx',
): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') search.set(k, String(v));
  if (format) search.set('format', format);
  const qs = search.toString();
  return `/api/dialogues/${encodeURIComponent(slug)}/analytics/${view}${qs ? `?${qs}` : ''}`;
}

export const fetchAnalytics = <T>(slug: string, view: AnalyticsView, params: Params, signal?: AbortSignal) =>
  apiRequest<T>(analyticsUrl(slug, view, params), signal ? { signal } : {});

export interface SeriesPoint {
  period: string;
  value: number | null;
  previous: number | null;
  yoyPct: number | null;
  ytd: number | null;
  ytdPrevious: number | null;
  ytdYoyPct: number | null;
  /** "missing": no figures for this month, drawn and listed as a gap. */
  status: 'reported' | 'missing';
  /** Reporters with figures this month, of those expected ("8 of 13 reported"); incomplete months are marked. */
  reported: number;
  expected: number;
  complete: boolean;
  /** Like-for-like (default): the reporters' total also present a year earlier, the ones `previous` sums. */
  comparedValue: number | null;
  comparedReporters: number | null;
  comparedYtd: number | null;
}
export interface SeriesView {
  indicator: string;
  route: string;
  asOf: string | null;
  /** How the changes were compared: only reporters present in both periods (default), or raw totals. */
  comparison: 'like_for_like' | 'raw';
  points: SeriesPoint[];
}

export interface TopCitizenshipsView {
  year: number;
  asOf: string | null;
  months: { from: string; to: string } | null;
  items: { citizenship: string; value: number; previous: number; yoyPct: number | null }[];
}

export interface BreakdownView {
  asOf: string | null;
  totals: { dimension: string; code: string; value: number }[];
  cells: { dimension: string; code: string; period: string; value: number | null }[];
}

export interface CompletenessView {
  asOf: string | null;
  from: string | null;
  to: string | null;
  periods: string[];
  rows: { indicator: string; reporter: string; reported: number; missing: string[]; notExpected: string[] }[];
}

export interface FlowsView {
  asOf: string | null;
  from: string | null;
  to: string | null;
  total: number;
  /** citizenship → route ('citizenship') and route → reporting state ('reporter') links. */
  links: { kind: 'citizenship' | 'reporter'; source: string; target: string; value: number }[];
}

export interface RouteShiftsView {
  asOf: string | null;
  a: { from: string; to: string } | null;
  b: { from: string; to: string } | null;
  items: {
    citizenship: string;
    volumeA: number;
    volumeB: number;
    tvd: number;
    score: number;
    routes: { route: string; a: number; b: number; shareA: number; shareB: number }[];
  }[];
}

export interface CompareView {
  by: 'route' | 'reporter';
  asOf: string | null;
  series: { code: string; total: number; points: { period: string; value: number | null }[] }[];
}

export interface ChoroplethView {
  asOf: string | null;
  periods: string[];
  cells: { reporter: string; period: string; value: number | null }[];
  totals: { reporter: string; value: number }[];
}

import type { ApiQuery, ApiResponse, ApiRoute } from '@passage/contract';
import { api, apiUrl } from '../../ui/api-client';

/** The analytics views of a dialogue (src/modules/analytics): JSON for the charts, CSV/XLSX downloads. */

export type {
  BreakdownView,
  ChoroplethView,
  CompareView,
  CompletenessView,
  FlowsView,
  RouteShiftsView,
  SeriesView,
  TopCitizenshipsView,
} from '@passage/contract';

/** The route key of each view the web app shows. */
const VIEW_ROUTES = {
  series: 'GET /api/dialogues/:slug/analytics/series',
  'top-citizenships': 'GET /api/dialogues/:slug/analytics/top-citizenships',
  breakdown: 'GET /api/dialogues/:slug/analytics/breakdown',
  completeness: 'GET /api/dialogues/:slug/analytics/completeness',
  flows: 'GET /api/dialogues/:slug/analytics/flows',
  'route-shifts': 'GET /api/dialogues/:slug/analytics/route-shifts',
  compare: 'GET /api/dialogues/:slug/analytics/compare',
  choropleth: 'GET /api/dialogues/:slug/analytics/choropleth',
} as const satisfies Record<string, ApiRoute>;

export type AnalyticsView = keyof typeof VIEW_ROUTES;
type ViewRoute<V extends AnalyticsView> = (typeof VIEW_ROUTES)[V];
/** Query parameters of an analytics view (its route's querystring schema); undefined and '' are left out. */
export type AnalyticsParams<V extends AnalyticsView> = ApiQuery<ViewRoute<V>>;
export type AnalyticsResult<V extends AnalyticsView> = ApiResponse<ViewRoute<V>>;

type Fetchers = {
  [V in AnalyticsView]: (
    slug: string,
    query: AnalyticsParams<V>,
    signal?: AbortSignal,
  ) => Promise<AnalyticsResult<V>>;
};
// One typed call per view, so fetchAnalytics(slug, view, …) is typed by the view it names.
const FETCHERS: Fetchers = {
  series: (slug, query, signal) => api(VIEW_ROUTES.series, { params: { slug }, query, signal }),
  'top-citizenships': (slug, query, signal) =>
    api(VIEW_ROUTES['top-citizenships'], { params: { slug }, query, signal }),
  breakdown: (slug, query, signal) => api(VIEW_ROUTES.breakdown, { params: { slug }, query, signal }),
  completeness: (slug, query, signal) => api(VIEW_ROUTES.completeness, { params: { slug }, query, signal }),
  flows: (slug, query, signal) => api(VIEW_ROUTES.flows, { params: { slug }, query, signal }),
  'route-shifts': (slug, query, signal) =>
    api(VIEW_ROUTES['route-shifts'], { params: { slug }, query, signal }),
  compare: (slug, query, signal) => api(VIEW_ROUTES.compare, { params: { slug }, query, signal }),
  choropleth: (slug, query, signal) => api(VIEW_ROUTES.choropleth, { params: { slug }, query, signal }),
};

/** URL of an analytics view: JSON, or with `format` the table behind it as a CSV or XLSX download. */
export function analyticsUrl<V extends AnalyticsView>(
  slug: string,
  view: V,
  params: AnalyticsParams<V>,
  format?: 'csv' | 'xlsx',
): string {
  return apiUrl(VIEW_ROUTES[view], { params: { slug }, query: { ...params, format } });
}

export function fetchAnalytics<V extends AnalyticsView>(
  slug: string,
  view: V,
  params: AnalyticsParams<V>,
  signal?: AbortSignal,
): Promise<AnalyticsResult<V>> {
  return FETCHERS[view](slug, params, signal);
}

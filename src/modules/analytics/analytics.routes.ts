import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import type { Ctx } from '../../shared/ctx';
import { routesOf } from '../../shared/routes';
import {
  breakdownTable,
  choroplethTable,
  compareTable,
  completenessTable,
  flowsTable,
  renderTable,
  reporterMonthTable,
  routeMonthTable,
  routeShiftsTable,
  seriesTable,
  type Table,
  topCitizenshipsTable,
} from './analytics.export';
import { analyticsPolicy } from './analytics.policy';
import {
  AnalyticsParams,
  BreakdownQuery,
  BreakdownView,
  ChoroplethQuery,
  ChoroplethView,
  CompareQuery,
  CompareView,
  CompletenessQuery,
  CompletenessView,
  FlowsQuery,
  FlowsView,
  ReporterMonthQuery,
  ReporterMonthView,
  RouteMonthQuery,
  RouteMonthView,
  RouteShiftsQuery,
  RouteShiftsView,
  SeriesQuery,
  SeriesView,
  TopCitizenshipsQuery,
  TopCitizenshipsView,
} from './analytics.schema';
import {
  getBreakdown,
  getChoropleth,
  getCompare,
  getCompleteness,
  getFlows,
  getReporterMonth,
  getRouteMonth,
  getRouteShifts,
  getSeries,
  getTopCitizenships,
} from './analytics.service';

interface View<Q extends z.ZodType, V extends z.ZodType> {
  path: string;
  summary: string;
  query: Q;
  view: V;
  get: (ctx: Ctx, slug: string, q: z.infer<Q>) => Promise<z.infer<V>>;
  table: (slug: string, v: z.infer<V>) => Table;
}

// Keeps each entry's query and view types tied together.
const view = <Q extends z.ZodType, V extends z.ZodType>(v: View<Q, V>) => v;

const VIEWS = [
  view({
    path: 'series',
    summary:
      'Monthly totals of an indicator on a route (optionally one citizenship and/or reporter), with the same month last year, YTD and YoY',
    query: SeriesQuery,
    view: SeriesView,
    get: getSeries,
    table: seriesTable,
  }),
  view({
    path: 'top-citizenships',
    summary: 'Top citizenships on a route in a year, against the same months of the previous year',
    query: TopCitizenshipsQuery,
    view: TopCitizenshipsView,
    get: getTopCitizenships,
    table: topCitizenshipsTable,
  }),
  view({
    path: 'route-month',
    summary: 'Totals of an indicator per route and month',
    query: RouteMonthQuery,
    view: RouteMonthView,
    get: getRouteMonth,
    table: routeMonthTable,
  }),
  view({
    path: 'reporter-month',
    summary: 'All published figures of one reporting state for one month',
    query: ReporterMonthQuery,
    view: ReporterMonthView,
    get: getReporterMonth,
    table: reporterMonthTable,
  }),
  view({
    path: 'breakdown',
    summary: 'An indicator split by border type, sex and age group, per month',
    query: BreakdownQuery,
    view: BreakdownView,
    get: getBreakdown,
    table: breakdownTable,
  }),
  view({
    path: 'completeness',
    summary: 'Reporting completeness: which member states have not published which indicator and months',
    query: CompletenessQuery,
    view: CompletenessView,
    get: getCompleteness,
    table: completenessTable,
  }),
  view({
    path: 'flows',
    summary: 'Flows citizenship → route → reporting country over a period (for a Sankey diagram)',
    query: FlowsQuery,
    view: FlowsView,
    get: getFlows,
    table: flowsTable,
  }),
  view({
    path: 'route-shifts',
    summary: 'Citizenships whose distribution across routes changed most between two periods',
    query: RouteShiftsQuery,
    view: RouteShiftsView,
    get: getRouteShifts,
    table: routeShiftsTable,
  }),
  view({
    path: 'compare',
    summary: 'Several routes or reporting states side by side, per month',
    query: CompareQuery,
    view: CompareView,
    get: getCompare,
    table: compareTable,
  }),
  view({
    path: 'choropleth',
    summary: 'Totals of an indicator per reporting state and month (the route map)',
    query: ChoroplethQuery,
    view: ChoroplethView,
    get: getChoropleth,
    table: choroplethTable,
  }),
];

async function sendTable(reply: FastifyReply, t: Table, format: 'csv' | 'xlsx', asOf: string | null) {
  const file = await renderTable(t, format, asOf);
  return reply
    .type(file.contentType)
    .header('content-disposition', `attachment; filename="${file.fileName}"`)
    .send(file.body);
}

/**
 * Route dashboards of a dialogue, under /api/dialogues/:slug/analytics. Open to anyone at the door
 * (analytics.policy.ts; a token needs observations:read): the service shows a dialogue's figures by their
 * classification and answers 404 for a dialogue the caller may not see. Every view answers JSON, or with ?format=csv|xlsx the table behind it as a download.
 */
export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  const api = routesOf(app, ['analytics']);

  for (const v of VIEWS as View<z.ZodType, z.ZodType>[]) {
    api.get(`/:slug/analytics/${v.path}`, analyticsPolicy.read, {
      schema: {
        summary: v.summary,
        params: AnalyticsParams,
        querystring: v.query,
        response: { 200: v.view },
      },
      handler: async (req, reply) => {
        const q = req.query as { format: 'json' | 'csv' | 'xlsx'; asOf?: string };
        const result = await v.get(req.ctx, req.params.slug, q);
        if (q.format === 'json') return result;
        return sendTable(reply, v.table(req.params.slug, result), q.format, q.asOf ?? null);
      },
      // Kept per caller, query and language (src/shared/response-cache.ts), cleared by every write.
      responseCache: true,
    });
  }
};

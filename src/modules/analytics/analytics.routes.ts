import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AnalyticsParams,
  ReporterMonthQuery,
  ReporterMonthView,
  RouteMonthQuery,
  RouteMonthView,
  SeriesQuery,
  SeriesView,
  TopCitizenshipsQuery,
  TopCitizenshipsView,
} from './analytics.schema';
import { getReporterMonth, getRouteMonth, getSeries, getTopCitizenships } from './analytics.service';

/**
 * Route dashboards of a dialogue, under /api/dialogues/:slug/analytics. Access is 'public' at the door: the
 * service shows a dialogue's figures by their classification and answers 404 for a dialogue the caller may
 * not see.
 */
export const analyticsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:slug/analytics/series',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Monthly totals of an indicator on a route, optionally for one citizenship and/or reporter',
        params: AnalyticsParams,
        querystring: SeriesQuery,
        response: { 200: SeriesView },
      },
      config: { access: 'public' },
    },
    (req) => getSeries(req.ctx, req.params.slug, req.query),
  );

  app.get(
    '/:slug/analytics/top-citizenships',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Top citizenships on a route in a year, against the same months of the previous year',
        params: AnalyticsParams,
        querystring: TopCitizenshipsQuery,
        response: { 200: TopCitizenshipsView },
      },
      config: { access: 'public' },
    },
    (req) => getTopCitizenships(req.ctx, req.params.slug, req.query),
  );

  app.get(
    '/:slug/analytics/route-month',
    {
      schema: {
        tags: ['analytics'],
        summary: 'Totals of an indicator per route and month (for the map)',
        params: AnalyticsParams,
        querystring: RouteMonthQuery,
        response: { 200: RouteMonthView },
      },
      config: { access: 'public' },
    },
    (req) => getRouteMonth(req.ctx, req.params.slug, req.query),
  );

  app.get(
    '/:slug/analytics/reporter-month',
    {
      schema: {
        tags: ['analytics'],
        summary: 'All published figures of one reporting state for one month',
        params: AnalyticsParams,
        querystring: ReporterMonthQuery,
        response: { 200: ReporterMonthView },
      },
      config: { access: 'public' },
    },
    (req) => getReporterMonth(req.ctx, req.params.slug, req.query),
  );
};

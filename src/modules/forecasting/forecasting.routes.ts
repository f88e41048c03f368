import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { forecastPolicy } from './forecasting.policy';
import {
  ForecastListView,
  ForecastParams,
  ForecastSeriesQuery,
  ForecastSeriesView,
  RefreshQueuedView,
} from './forecasting.schema';
import { getForecastSeries, listForecasts, requestForecastRefresh } from './forecasting.service';

/**
 * Forecasts of a dialogue, under /api/dialogues/:slug/forecasts. Reading is open to anyone at the door (a token
 * needs observations:read): the service shows series by their classification and answers 404 for a dialogue
 * the caller may not see.
 */
export const forecastingRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/:slug/forecasts',
    {
      schema: {
        tags: ['forecasting'],
        summary:
          'Forecast series of a dialogue with their status, reason (when no forecast) and chosen model',
        params: ForecastParams,
        response: { 200: ForecastListView },
      },
      config: { access: forecastPolicy.read },
    },
    (req) => listForecasts(req.ctx, req.params.slug),
  );

  app.get(
    '/:slug/forecasts/series',
    {
      schema: {
        tags: ['forecasting'],
        summary:
          'One series: history, forecasts of every model with 80 %/95 % intervals, backtest table and points',
        params: ForecastParams,
        querystring: ForecastSeriesQuery,
        response: { 200: ForecastSeriesView },
      },
      config: { access: forecastPolicy.read },
    },
    (req) => getForecastSeries(req.ctx, req.params.slug, req.query),
  );

  app.post(
    '/:slug/forecasts/refresh',
    {
      schema: {
        tags: ['forecasting'],
        summary: 'Queue a recomputation of the dialogue’s forecasts (secretariat)',
        params: ForecastParams,
        response: { 202: RefreshQueuedView },
      },
      config: { access: forecastPolicy.refresh },
    },
    async (req, reply) => reply.code(202).send(await requestForecastRefresh(req.ctx, req.params.slug)),
  );
};

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { routesOf } from '../../shared/routes';
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
  const api = routesOf(app, ['forecasting']);

  api.get('/:slug/forecasts', forecastPolicy.read, {
    schema: {
      summary: 'Forecast series of a dialogue with their status, reason (when no forecast) and chosen model',
      params: ForecastParams,
      response: { 200: ForecastListView },
    },
    handler: (req) => listForecasts(req.ctx, req.params.slug),
  });

  api.get('/:slug/forecasts/series', forecastPolicy.read, {
    schema: {
      summary:
        'One series: history, forecasts of every model with 80 %/95 % intervals, backtest table and points',
      params: ForecastParams,
      querystring: ForecastSeriesQuery,
      response: { 200: ForecastSeriesView },
    },
    handler: (req) => getForecastSeries(req.ctx, req.params.slug, req.query),
  });

  api.post('/:slug/forecasts/refresh', forecastPolicy.refresh, {
    schema: {
      summary: 'Queue a recomputation of the dialogue’s forecasts (secretariat)',
      params: ForecastParams,
      response: { 202: RefreshQueuedView },
    },
    handler: async (req, reply) =>
      reply.code(202).send(await requestForecastRefresh(req.ctx, req.params.slug)),
  });
};

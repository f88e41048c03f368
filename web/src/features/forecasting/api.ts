import type { ApiQuery, ForecastSeriesView, ModelName } from '@passage/contract';
import { ALL_MODELS, BASELINE_NAMES, MODEL_NAMES } from '@passage/contract/constants';
import { api } from '../../ui/api-client';

/** Forecasts of a dialogue's series with their backtests (src/modules/forecasting). */

export type { ForecastSeriesSummary, ForecastSeriesView, ModelName } from '@passage/contract';
export { ALL_MODELS };

/** The models in the order the page lists them: the models first, then the baselines. */
export const MODEL_ORDER: readonly ModelName[] = [...MODEL_NAMES, ...BASELINE_NAMES];
export const BASELINES: readonly ModelName[] = BASELINE_NAMES;

export type ForecastPoint = ForecastSeriesView['forecasts'][number]['points'][number];
export type BacktestRow = ForecastSeriesView['backtests'][number];

export const listForecasts = (slug: string, signal?: AbortSignal) =>
  api('GET /api/dialogues/:slug/forecasts', { params: { slug }, signal });

export const fetchForecastSeries = (
  slug: string,
  key: ApiQuery<'GET /api/dialogues/:slug/forecasts/series'>,
  signal?: AbortSignal,
) => api('GET /api/dialogues/:slug/forecasts/series', { params: { slug }, query: key, signal });

export const requestForecastRefresh = (slug: string) =>
  api('POST /api/dialogues/:slug/forecasts/refresh', { params: { slug } });

import { apiRequest } from '../../ui/api-client';

export type ModelName = 'naive' | 'seasonal_naive' | 'mstl_ets' | 'auto_ets' | 'ensemble';
export const MODEL_ORDER: ModelName[] = ['mstl_ets', 'auto_ets', 'ensemble', 'naive', 'seasonal_naive'];
export const BASELINES: ModelName[] = ['naive', 'seasonal_naive'];

export interface ForecastSeriesSummary {
  indicator: string;
  route: string;
  citizenship: string;
  reporter: string;
  classification: 'public' | 'dialogue';
  status: 'ok' | 'too_short' | 'all_zero' | 'failed' | 'stale' | 'gaps' | 'implausible';
  reason: string | null;
  chosenModel: ModelName | null;
  origin: string | null;
  months: number;
  /** Models the sanity guard passed over (their forecast left the plausible range), with the reason. */
  rejected: { model: ModelName; reason: string }[];
  dataAsOf: string | null;
  computedAt: string;
}

export interface ForecastPoint {
  horizon: number;
  period: string;
  point: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface BacktestRow {
  model: ModelName;
  horizon: number;
  mase: number | null;
  smape: number | null;
  coverage80: number | null;
  coverage95: number | null;
  nOrigins: number;
}

export interface BacktestPoint {
  model: ModelName;
  origin: string;
  horizon: number;
  period: string;
  point: number;
  lo80: number;
  hi80: number;
  actual: number;
}

export interface ForecastSeriesDetail {
  series: ForecastSeriesSummary;
  history: { period: string; value: number }[];
  forecasts: { model: ModelName; points: ForecastPoint[] }[];
  backtests: BacktestRow[];
  backtestPoints: BacktestPoint[];
}

const base = (slug: string) => `/api/dialogues/${encodeURIComponent(slug)}/forecasts`;

export const listForecasts = (slug: string, signal?: AbortSignal) =>
  apiRequest<{ series: ForecastSeriesSummary[] }>(base(slug), signal ? { signal } : {});

export function fetchForecastSeries(
  slug: string,
  key: { indicator: string; route: string; citizenship: string },
  signal?: AbortSignal,
) {
  const q = new URLSearchParams(key).toString();
  return apiRequest<ForecastSeriesDetail>(`${base(slug)}/series?${q}`, signal ? { signal } : {});
}

export const requestForecastRefresh = (slug: string) =>
  apiRequest<{ queued: true }>(`${base(slug)}/refresh`, { method: 'POST', body: {} });

/**
 * Forecasting of one monthly series with a rolling-origin backtest: forecasts 1…H months ahead from every
 * model and both baselines, empirical 80 % and 95 % prediction intervals, accuracy per horizon, and the
 * choice of model. Pure: the augurs runtime is passed in (see loadAugurs), no I/O.
 *
 * Intervals are empirical, on the log1p scale: point · exp(quantiles of past log errors at that horizon).
 * - Baselines: their in-sample errors at horizon h on the training data (a baseline has no parameters, so its
 *   in-sample errors are out-of-sample errors), the last `calibrationWindow` of them.
 * - Models and the ensemble: their own backtest errors at horizon h from earlier origins whose target month
 *   was already known at the origin (no look-ahead); until `minCalibration` of them exist, the naive
 *   baseline's in-sample errors stand in.
 *
 * Model choice: the model (mstl_ets, auto_ets, ensemble) with the lowest mean MASE over horizons 1…H is
 * chosen only if it beats the better baseline's mean MASE; otherwise the better baseline is chosen. A chosen
 * model whose forecast leaves the plausible envelope of the history (sanity-guard.ts) is passed over for the
 * next one, finally a baseline; when none is plausible the series is not forecast (status implausible).
 */
import type { AugursRuntime } from './augurs';
import { isCovered, maseScale, mean, quantile, SEASON, smape } from './metrics';
import {
  ALL_MODELS,
  BASELINE_NAMES,
  DEFAULT_MODEL_OPTIONS,
  forecastAll,
  MODEL_NAMES,
  type ModelName,
  type ModelOptions,
} from './models';
import { candidateOrder, chooseSaneModel, DEFAULT_ENVELOPE_FACTOR, type Rejection } from './sanity-guard';

/** stale and gaps are decided before the models run (model-input.ts); implausible by the sanity guard. */
export type SeriesStatus = 'ok' | 'too_short' | 'all_zero' | 'failed' | 'stale' | 'gaps' | 'implausible';

export interface ForecastOptions {
  /** Months ahead (1…horizon). */
  horizon: number;
  /** Fewer months of history than this: no forecast (status too_short). */
  minLength: number;
  /** The first backtest origin has at least this many months of history. */
  minTrain: number;
  /** Backtest origins: at most this many, the most recent ones (each needs at least one known actual). */
  maxOrigins: number;
  /** Past errors used for an interval (the most recent ones). */
  calibrationWindow: number;
  /** Below this many past backtest errors, a model's interval uses the naive baseline's in-sample errors. */
  minCalibration: number;
  /**
   * The history as it was known at origin index `o` (a vintage): values of months 0…o as published then.
   * Defaults to the current values (`values.slice(0, o + 1)`).
   */
  historyAt?: (origin: number) => readonly number[];
  models: ModelOptions;
  /** A forecast reaching above this × the largest month of the history is implausible (sanity-guard.ts). */
  envelopeFactor: number;
}

export const DEFAULT_FORECAST_OPTIONS: ForecastOptions = {
  horizon: 6,
  minLength: 36,
  minTrain: 24,
  maxOrigins: 36,
  calibrationWindow: 48,
  minCalibration: 8,
  models: DEFAULT_MODEL_OPTIONS,
  envelopeFactor: DEFAULT_ENVELOPE_FACTOR,
};

export interface ForecastPoint {
  horizon: number;
  point: number;
  lo80: number;
  hi80: number;
  lo95: number;
  hi95: number;
}

export interface BacktestMetric {
  model: ModelName;
  horizon: number;
  /** Mean absolute scaled error (scaled by the in-sample seasonal-naive MAE at each origin); null if none. */
  mase: number | null;
  /** Mean sMAPE in percent. */
  smape: number | null;
  /** Share (0–1) of actuals inside the 80 % / 95 % interval. */
  coverage80: number | null;
  coverage95: number | null;
  nOrigins: number;
}

export interface BacktestPoint extends ForecastPoint {
  model: ModelName;
  /** Index of the origin (last month known) in the series. */
  origin: number;
  actual: number;
}

export interface SeriesForecast {
  status: SeriesStatus;
  /** Why there is no forecast (English); null when status is ok. */
  reason: string | null;
  chosenModel: ModelName | null;
  /** Forecasts from the last month of the series, per model that could be fitted. */
  forecasts: Partial<Record<ModelName, ForecastPoint[]>>;
  backtests: BacktestMetric[];
  backtestPoints: BacktestPoint[];
  /** Mean MASE over horizons per model (what the choice compares). */
  meanMase: Partial<Record<ModelName, number>>;
  /** Models passed over because their forecast was implausible, in the order they were tried. */
  rejected: Rejection[];
}

/**
 * Upper quantile level for a central interval of `level` from n past errors, with the finite-sample
 * correction of split-conformal prediction: (1 − α/2)·(1 + 1/n), at most 1.
 */
export const upperLevel = (level: number, n: number) => Math.min(1, (1 - (1 - level) / 2) * (1 + 1 / n));

/** The interval bounds around `point` from log errors (log1p(actual) − log1p(forecast)). */
export function empiricalInterval(
  point: number,
  logErrors: readonly number[],
): Omit<ForecastPoint, 'horizon'> {
  const at = (q: number) => Math.max(0, Math.expm1(Math.log1p(point) + quantile(logErrors, q)));
  const hi80 = upperLevel(0.8, logErrors.length);
  const hi95 = upperLevel(0.95, logErrors.length);
  return {
    point,
    lo80: Math.min(point, at(1 - hi80)),
    hi80: Math.max(point, at(hi80)),
    lo95: Math.min(point, at(1 - hi95)),
    hi95: Math.max(point, at(hi95)),
  };
}

/** In-sample log errors of a baseline at horizon h over the last `window` training months. */
export function baselineLogErrors(
  history: readonly number[],
  model: 'naive' | 'seasonal_naive',
  h: number,
  window: number,
): number[] {
  const y = history.map((v) => Math.log1p(Math.max(0, v)));
  const out: number[] = [];
  if (model === 'naive') for (let t = h; t < y.length; t++) out.push(y[t]! - y[t - h]!);
  else for (let t = SEASON; t < y.length; t++) out.push(y[t]! - y[t - SEASON]!);
  return out.slice(-window);
}

interface PastError {
  target: number;
  error: number;
}

/** A series without a forecast, and why (`reason`, English). */
export function noForecast(status: SeriesStatus, reason: string): SeriesForecast {
  return {
    status,
    reason,
    chosenModel: null,
    forecasts: {},
    backtests: [],
    backtestPoints: [],
    meanMase: {},
    rejected: [],
  };
}

/** Forecasts one series (see the file comment). `values` are monthly counts without gaps, oldest first. */
export function forecastSeries(
  rt: AugursRuntime,
  values: readonly number[],
  options: Partial<ForecastOptions> = {},
): SeriesForecast {
  const o: ForecastOptions = { ...DEFAULT_FORECAST_OPTIONS, ...options };
  const n = values.length;
  if (n < o.minLength)
    return noForecast(
      'too_short',
      `Only ${n} month${n === 1 ? '' : 's'} of data; a forecast needs at least ${o.minLength}.`,
    );
  if (values.every((v) => v === 0)) return noForecast('all_zero', 'Every month of the series is zero.');

  const H = o.horizon;
  const historyAt = o.historyAt ?? ((origin: number) => values.slice(0, origin + 1));
  const pastErrors = new Map<string, PastError[]>();
  const key = (m: ModelName, h: number) => `${m}:${h}`;
  const intervalFor = (
    m: ModelName,
    h: number,
    point: number,
    history: readonly number[],
    origin: number,
  ) => {
    if (m === 'naive' || m === 'seasonal_naive')
      return empiricalInterval(point, baselineLogErrors(history, m, h, o.calibrationWindow));
    const known = (pastErrors.get(key(m, h)) ?? []).filter((e) => e.target <= origin).map((e) => e.error);
    const errors =
      known.length >= o.minCalibration
        ? known.slice(-o.calibrationWindow)
        : baselineLogErrors(history, 'naive', h, o.calibrationWindow);
    return empiricalInterval(point, errors);
  };

  // Rolling-origin backtest: origin = index of the last month known.
  const firstOrigin = Math.max(o.minTrain - 1, n - 1 - o.maxOrigins);
  const backtestPoints: BacktestPoint[] = [];
  const acc = new Map<string, { ase: number[]; smape: number[]; in80: number; in95: number; n: number }>();
  for (let origin = firstOrigin; origin <= n - 2; origin++) {
    const history = historyAt(origin);
    if (history.length !== origin + 1)
      throw new RangeError(`historyAt(${origin}) must return ${origin + 1} months`);
    const steps = Math.min(H, n - 1 - origin);
    const points = forecastAll(rt, history, H, o.models);
    const scale = maseScale(history);
    for (const m of ALL_MODELS) {
      const p = points[m];
      if (!p) continue;
      for (let h = 1; h <= steps; h++) {
        const actual = values[origin + h]!;
        const fp = { horizon: h, ...intervalFor(m, h, p[h - 1]!, history, origin) };
        backtestPoints.push({ model: m, origin, actual, ...fp });
        const a = acc.get(key(m, h)) ?? { ase: [], smape: [], in80: 0, in95: 0, n: 0 };
        if (scale !== null) a.ase.push(Math.abs(actual - fp.point) / scale);
        a.smape.push(smape(actual, fp.point));
        if (isCovered(actual, fp.lo80, fp.hi80)) a.in80++;
        if (isCovered(actual, fp.lo95, fp.hi95)) a.in95++;
        a.n++;
        acc.set(key(m, h), a);
        const list = pastErrors.get(key(m, h)) ?? [];
        list.push({ target: origin + h, error: Math.log1p(actual) - Math.log1p(fp.point) });
        pastErrors.set(key(m, h), list);
      }
    }
  }

  const backtests: BacktestMetric[] = [];
  const meanMase: Partial<Record<ModelName, number>> = {};
  for (const m of ALL_MODELS) {
    const perH: number[] = [];
    for (let h = 1; h <= H; h++) {
      const a = acc.get(key(m, h));
      if (!a) continue;
      const mase = mean(a.ase);
      if (mase !== null) perH.push(mase);
      backtests.push({
        model: m,
        horizon: h,
        mase,
        smape: mean(a.smape),
        coverage80: a.n ? a.in80 / a.n : null,
        coverage95: a.n ? a.in95 / a.n : null,
        nOrigins: a.n,
      });
    }
    const avg = mean(perH);
    if (avg !== null) meanMase[m] = avg;
  }

  // Final forecasts from the last month, intervals from every backtest error known now.
  const final = forecastAll(rt, values, H, o.models);
  const forecasts: Partial<Record<ModelName, ForecastPoint[]>> = {};
  for (const m of ALL_MODELS) {
    const p = final[m];
    if (p) forecasts[m] = p.map((v, i) => ({ horizon: i + 1, ...intervalFor(m, i + 1, v, values, n - 1) }));
  }
  const order = candidateOrder(chooseModel(meanMase), meanMase);
  const sane = chooseSaneModel(values, order, forecasts, o.envelopeFactor);
  const result = { forecasts, backtests, backtestPoints, meanMase, rejected: sane.rejected };
  if (sane.model === null)
    return {
      ...result,
      status: 'implausible',
      reason: `No model gave a plausible forecast: ${sane.rejected.map((r) => `${r.model}: ${r.reason}`).join(' ')}`,
      chosenModel: null,
    };
  return { ...result, status: 'ok', reason: null, chosenModel: sane.model };
}

/**
 * The model with the lowest mean MASE if it beats the better baseline, otherwise that baseline. Without any
 * backtest (no MASE at all) seasonal naive is the default.
 */
export function chooseModel(meanMase: Partial<Record<ModelName, number>>): ModelName {
  const best = (names: readonly ModelName[]) =>
    names.filter((m) => meanMase[m] !== undefined).sort((a, b) => meanMase[a]! - meanMase[b]!)[0];
  const baseline = best(BASELINE_NAMES) ?? 'seasonal_naive';
  const model = best(MODEL_NAMES);
  if (model && (meanMase[baseline] === undefined || meanMase[model]! < meanMase[baseline]!)) return model;
  return baseline;
}

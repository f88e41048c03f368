/**
 * Accuracy measures of the forecasting backtests. Pure functions on plain arrays.
 *
 * - MASE (mean absolute scaled error): the absolute error divided by the in-sample MAE of the seasonal-naive
 *   forecast (same month a year earlier) on the training data known at the forecast origin. When that MAE is
 *   0 (e.g. a flat seasonal pattern) the in-sample MAE of the naive one-step forecast is used instead; when
 *   both are 0 the origin has no MASE. A MASE below 1 means better than seasonal naive in sample.
 * - sMAPE: 200 · |actual − forecast| / (|actual| + |forecast|), in percent (0–200); 0 when both are 0.
 * - Coverage: the share of actuals inside the prediction interval.
 */

export const SEASON = 12;

/** sMAPE of one forecast in percent (0–200). */
export function smape(actual: number, forecast: number): number {
  const denominator = Math.abs(actual) + Math.abs(forecast);
  return denominator === 0 ? 0 : (200 * Math.abs(actual - forecast)) / denominator;
}

/** Mean absolute difference between y[t] and y[t − lag] over the history; null when there is no pair. */
export function laggedMae(history: readonly number[], lag: number): number | null {
  let sum = 0;
  let n = 0;
  for (let t = lag; t < history.length; t++) {
    sum += Math.abs(history[t]! - history[t - lag]!);
    n++;
  }
  return n === 0 ? null : sum / n;
}

/**
 * The MASE denominator for a training history: in-sample seasonal-naive MAE, or the naive MAE when that is
 * 0 or undefined; null when neither is positive (the series is constant).
 */
export function maseScale(history: readonly number[], season = SEASON): number | null {
  const seasonal = laggedMae(history, season);
  if (seasonal !== null && seasonal > 0) return seasonal;
  const naive = laggedMae(history, 1);
  return naive !== null && naive > 0 ? naive : null;
}

export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** Quantile q (0–1) of the values, linear interpolation between order statistics (R type 7). */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new RangeError('quantile of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Whether the actual lies inside [lo, hi] (both included). */
export const isCovered = (actual: number, lo: number, hi: number) => actual >= lo && actual <= hi;

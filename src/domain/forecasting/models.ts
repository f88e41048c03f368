/**
 * Point forecasts of the models and baselines, h = 1…H months ahead, from a monthly history of counts.
 *
 * - `naive`: the last value.
 * - `seasonal_naive`: the value of the same month a year earlier.
 * - `mstl_ets`: augurs MSTL (seasonal-trend decomposition with a 12-month season) with an ETS model of the
 *   trend, fitted on log1p(counts) and transformed back.
 * - `auto_ets`: augurs AutoETS (automatic choice of error/trend, damped trend included) on the seasonally
 *   adjusted log1p series; the seasonal indices come from a classical decomposition of the last years.
 * - `ensemble`: the median of the point forecasts of mstl_ets, auto_ets, naive and seasonal_naive (on the log
 *   scale), a simple and robust combination.
 * Forecasts are never negative. Models are fitted on the last `window` months only (regimes change), and
 * their month-to-month changes after the first month are damped (φ = 0.3 by default): on the real route
 * series undamped trends overshoot badly at 4–6 months (see bench/benchmarks/forecast-accuracy.ts).
 */
import type { AugursRuntime } from './augurs';
import { SEASON } from './metrics';
import type { ModelName } from './model-names';

export { ALL_MODELS, BASELINE_NAMES, isBaseline, MODEL_NAMES, type ModelName } from './model-names';

export interface ModelOptions {
  /** Months of history the models are fitted on (the most recent ones). */
  window: number;
  /** AutoETS model specification (error, trend, season; Z = chosen automatically). */
  etsSpec: string;
  /**
   * Damping φ (0–1] of the models' month-to-month changes beyond the first month, on the seasonally adjusted
   * log scale: change h is multiplied by φ^(h−1). 1 = the models' own path.
   */
  damping: number;
  /** How the ensemble combines its members' log forecasts. */
  combine: 'median' | 'mean';
  /** Forecasts the ensemble combines (log scale). */
  ensemble: readonly ('mstl_ets' | 'auto_ets' | 'naive' | 'seasonal_naive')[];
}

export const DEFAULT_MODEL_OPTIONS: ModelOptions = {
  window: 180,
  etsSpec: 'ZZN',
  damping: 0.3,
  combine: 'median',
  ensemble: ['mstl_ets', 'auto_ets', 'naive', 'seasonal_naive'],
};

const log1p = (y: readonly number[]) => y.map((v) => Math.log1p(Math.max(0, v)));
const expm1 = (y: readonly number[]) => y.map((v) => Math.max(0, Math.expm1(v)));

export function forecastNaive(history: readonly number[], horizon: number): number[] {
  const last = history[history.length - 1] ?? 0;
  return Array.from({ length: horizon }, () => last);
}

export function forecastSeasonalNaive(
  history: readonly number[],
  horizon: number,
  season = SEASON,
): number[] {
  const n = history.length;
  return Array.from({ length: horizon }, (_, i) => {
    const h = i + 1;
    // Month n − 1 + h is forecast by the same month k years earlier, the latest that is observed.
    const k = Math.ceil(h / season);
    return history[n - 1 + h - season * k] ?? history[n - 1] ?? 0;
  });
}

export function forecastMstlEts(
  rt: AugursRuntime,
  history: readonly number[],
  horizon: number,
  damping = 1,
): number[] {
  const model = rt.MSTL.ets([SEASON]);
  try {
    const y = log1p(history);
    model.fit(y);
    const point = model.predict(horizon).point;
    if (damping >= 1) return expm1(point);
    // Damp the path without its seasonal swing (indices of a classical decomposition of the history).
    const idx = y.length >= 2 * SEASON ? seasonalIndices(y) : new Array<number>(SEASON).fill(0);
    const s = (i: number) => idx[(y.length + i) % SEASON]!;
    const adjusted = dampPath(
      point.map((v, i) => v - s(i)),
      damping,
    );
    return expm1(adjusted.map((v, i) => v + s(i)));
  } finally {
    model.free();
  }
}

/** Additive seasonal indices (sum 0) of a log series by classical decomposition (centred 2×12 moving average). */
export function seasonalIndices(y: readonly number[], season = SEASON): number[] {
  const sums = new Array<number>(season).fill(0);
  const counts = new Array<number>(season).fill(0);
  const half = season / 2;
  for (let t = half; t < y.length - half; t++) {
    let ma = (y[t - half]! + y[t + half]!) / 2;
    for (let j = t - half + 1; j < t + half; j++) ma += y[j]!;
    ma /= season;
    const m = t % season;
    sums[m]! += y[t]! - ma;
    counts[m]!++;
  }
  const raw = sums.map((s, m) => (counts[m] ? s / counts[m]! : 0));
  const avg = raw.reduce((s, v) => s + v, 0) / season;
  return raw.map((v) => v - avg);
}

export function forecastAutoEts(
  rt: AugursRuntime,
  history: readonly number[],
  horizon: number,
  spec = 'ZZN',
  damping = 1,
): number[] {
  const y = log1p(history);
  const idx = y.length >= 2 * SEASON ? seasonalIndices(y) : new Array<number>(SEASON).fill(0);
  // Index of month t is t mod 12 counted from the start of the history passed in.
  const adjusted = y.map((v, t) => v - idx[t % SEASON]!);
  const model = new rt.AutoETS(SEASON, spec);
  try {
    model.fit(adjusted);
    const point = dampPath(model.predict(horizon).point, damping);
    return expm1(point.map((v, i) => v + idx[(y.length + i) % SEASON]!));
  } finally {
    model.free();
  }
}

/** Damps a log-scale path's changes after the first step: change h is multiplied by φ^(h−1). */
export function dampPath(path: readonly number[], phi: number): number[] {
  if (phi >= 1 || path.length === 0) return [...path];
  const out = [path[0]!];
  for (let h = 1; h < path.length; h++) out.push(out[h - 1]! + phi ** h * (path[h]! - path[h - 1]!));
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Point forecasts of every model and baseline for one history. A model that fails to fit (augurs throws,
 * e.g. on a degenerate series) is left out (null); the ensemble combines the others.
 */
export function forecastAll(
  rt: AugursRuntime,
  history: readonly number[],
  horizon: number,
  opts: ModelOptions = DEFAULT_MODEL_OPTIONS,
): Record<ModelName, number[] | null> {
  const recent = history.slice(-opts.window);
  const attempt = (f: () => number[]) => {
    try {
      const p = f();
      return p.every(Number.isFinite) ? p : null;
    } catch {
      return null;
    }
  };
  const naive = forecastNaive(history, horizon);
  const seasonalNaive = forecastSeasonalNaive(history, horizon);
  const mstl = attempt(() => forecastMstlEts(rt, recent, horizon, opts.damping));
  const ets = attempt(() => forecastAutoEts(rt, recent, horizon, opts.etsSpec, opts.damping));
  const all = { mstl_ets: mstl, auto_ets: ets, naive, seasonal_naive: seasonalNaive };
  const members = opts.ensemble.map((m) => all[m]).filter((p): p is number[] => p !== null);
  const combine =
    opts.combine === 'mean' ? (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length : median;
  const ensemble = Array.from({ length: horizon }, (_, i) =>
    Math.max(0, Math.expm1(combine(members.map((p) => Math.log1p(p[i]!))))),
  );
  return { naive, seasonal_naive: seasonalNaive, mstl_ets: mstl, auto_ets: ets, ensemble };
}

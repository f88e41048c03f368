/**
 * Forecasts are sane or absent (issue 14): a model whose point forecast or 95 % interval leaves a plausible
 * envelope of the series' own history is rejected, and the next model by backtest (or finally a baseline)
 * serves, each rejection with a reason to log and store. The issue's case: a series around 5,000 refitted over a
 * 13-month gap gave an interval up to 21 million while its backtest MASE looked best. Pure, so the rule is
 * tested on its own; the envelope is k × the historical maximum above, and nothing below zero.
 */
import type { ForecastPoint } from './forecast-series';
import { ALL_MODELS, isBaseline, type ModelName } from './models';

/** How far above the largest month ever seen a forecast may reach before it is implausible. */
export const DEFAULT_ENVELOPE_FACTOR = 3;

export interface Rejection {
  model: ModelName;
  reason: string;
}

/** Why these forecast points leave the envelope of `history`, or null when they stay inside it. */
export function implausibility(
  history: readonly (number | null)[],
  points: readonly ForecastPoint[],
  k = DEFAULT_ENVELOPE_FACTOR,
): string | null {
  const known = history.filter((v): v is number => v !== null && Number.isFinite(v));
  if (known.length === 0) return 'The series has no figures to compare the forecast with.';
  const ceiling = k * Math.max(...known);
  for (const p of points) {
    const values = [p.point, p.lo95, p.hi95];
    if (values.some((v) => !Number.isFinite(v))) return `Horizon ${p.horizon}: the forecast is not a number.`;
    if (p.hi95 > ceiling)
      return `Horizon ${p.horizon}: the 95 % upper bound ${Math.round(p.hi95)} exceeds ${k} × the largest month so far (${Math.round(ceiling)}).`;
    if (p.point < 0 || p.lo95 < 0) return `Horizon ${p.horizon}: the forecast goes below zero.`;
  }
  return null;
}

/**
 * The model to serve: candidates in order of mean backtest MASE (the order `chooseModel` compares), the first
 * whose forecast is plausible; baselines come last as the fallback. Null when none is plausible.
 */
export function chooseSaneModel(
  history: readonly (number | null)[],
  meanMase: Partial<Record<ModelName, number>>,
  forecasts: Partial<Record<ModelName, ForecastPoint[]>>,
  k = DEFAULT_ENVELOPE_FACTOR,
): { model: ModelName | null; rejected: Rejection[] } {
  const score = (m: ModelName) => meanMase[m] ?? Number.POSITIVE_INFINITY;
  const fitted = ALL_MODELS.filter((m) => forecasts[m] !== undefined);
  const order = fitted.sort((a, b) => Number(isBaseline(a)) - Number(isBaseline(b)) || score(a) - score(b));
  const rejected: Rejection[] = [];
  for (const model of order) {
    const reason = implausibility(history, forecasts[model] ?? [], k);
    if (reason === null) return { model, rejected };
    rejected.push({ model, reason });
  }
  return { model: null, rejected };
}

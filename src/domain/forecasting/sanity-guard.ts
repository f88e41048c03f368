/**
 * Forecasts are sane or absent (issue 14): a model whose point forecast or 95 % interval leaves a plausible
 * envelope of the series' own history is rejected, and the next model by backtest (or finally a baseline)
 * serves, each rejection with a reason to log and store. The issue's case: a series around 5,000 refitted over a
 * 13-month gap gave an interval up to 21 million while its backtest MASE looked best. Pure, so the rule is
 * tested on its own; the envelope is k × the historical maximum above, and nothing below zero.
 */
import { ALL_MODELS, isBaseline, type ModelName } from './models';

/** The fields of a forecast point the guard reads (structural, so forecast-series can import this file). */
export interface GuardedPoint {
  horizon: number;
  point: number;
  lo95: number;
  hi95: number;
}

/** How far above the largest month ever seen a forecast may reach before it is implausible. */
export const DEFAULT_ENVELOPE_FACTOR = 3;

export interface Rejection {
  model: ModelName;
  reason: string;
}

/** Why these forecast points leave the envelope of `history`, or null when they stay inside it. */
export function implausibility(
  history: readonly (number | null)[],
  points: readonly GuardedPoint[],
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
 * The order models are tried in: the one the backtest chose first, then the other models by mean backtest
 * MASE, then the baselines by MASE (a baseline is the fallback when the models fail).
 */
export function candidateOrder(
  preferred: ModelName,
  meanMase: Partial<Record<ModelName, number>>,
): ModelName[] {
  const score = (m: ModelName) => meanMase[m] ?? Number.POSITIVE_INFINITY;
  const rest = ALL_MODELS.filter((m) => m !== preferred).sort(
    (a, b) => Number(isBaseline(a)) - Number(isBaseline(b)) || score(a) - score(b),
  );
  return [preferred, ...rest];
}

/**
 * The model to serve: the first of `order` that has a forecast inside the envelope of `history`; null when
 * none has. Every model passed over is listed with its reason.
 */
export function chooseSaneModel<P extends GuardedPoint>(
  history: readonly (number | null)[],
  order: readonly ModelName[],
  forecasts: Partial<Record<ModelName, readonly P[]>>,
  k = DEFAULT_ENVELOPE_FACTOR,
): { model: ModelName | null; rejected: Rejection[] } {
  const rejected: Rejection[] = [];
  for (const model of order) {
    const points = forecasts[model];
    if (points === undefined) continue;
    const reason = implausibility(history, points, k);
    if (reason === null) return { model, rejected };
    rejected.push({ model, reason });
  }
  return { model: null, rejected };
}

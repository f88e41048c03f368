/**
 * Alert rules are data: a JSON definition per rule, checked by RuleDefinition. Evaluation is pure: it takes
 * the series a rule reads (and, for the statistical rules, the forecast or a change-point detector) and says
 * whether the rule fires for a period. Nothing here does I/O.
 *
 * Kinds:
 * - threshold          value > above
 * - yoy                change against the same month a year earlier > abovePct %
 * - mom                change against the previous month > abovePct %
 * - forecast_interval  value outside the 95 % prediction interval of the forecast made before the period
 *                      (side: 'above', 'below' or 'both')
 * - level_shift        a change point (level shift) detected within the last `withinMonths` months
 * - route_shift        a citizenship's share of the route total jumps by more than abovePoints percentage
 *                      points against its average over the previous 12 months
 */
import { z } from 'zod';
import { addMonths, monthsBetween, type Period } from '../periods';
import { RULE_KINDS as KINDS } from './rule-kinds';

const positive = z.number().finite().positive();
const pct = z.number().finite().min(0).max(100_000);

export const RuleDefinition = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('threshold'), above: z.number().finite().min(0) }).strict(),
  z.object({ kind: z.literal('yoy'), abovePct: pct }).strict(),
  z.object({ kind: z.literal('mom'), abovePct: pct }).strict(),
  z
    .object({
      kind: z.literal('forecast_interval'),
      side: z.enum(['above', 'below', 'both']).default('above'),
    })
    .strict(),
  z
    .object({
      kind: z.literal('level_shift'),
      withinMonths: z.number().int().min(1).max(12).default(3),
      /** Shorter series are not tested (a detector needs some history). */
      minMonths: z.number().int().min(6).max(240).default(24),
    })
    .strict(),
  z.object({ kind: z.literal('route_shift'), abovePoints: positive.max(100) }).strict(),
]);
export type RuleDefinition = z.infer<typeof RuleDefinition>;
export type RuleKind = RuleDefinition['kind'];
/** Every kind of RuleDefinition, in the order the web app offers them (rule-kinds.ts: zod-free for the web). */
export const RULE_KINDS: readonly RuleKind[] = KINDS;

/** One month of a series. null = not available. */
export interface Point {
  period: Period;
  value: number | null;
}

/** A rule fired: the event is identified by (rule, period, seriesKey). */
export interface AlertEvent {
  period: Period;
  /** Which series of the rule fired ('_T' for the rule's own series; a citizenship for route_shift). */
  seriesKey: string;
  value: number;
  /** What the value was compared with: the threshold, last year's value, the interval bound, the average share. */
  reference: number | null;
  details: Record<string, number | string | null>;
}

const valueAt = (series: readonly Point[], period: Period): number | null =>
  series.find((p) => p.period === period)?.value ?? null;

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Change from `before` to `now` in %; null when `before` is 0 or missing. */
export function changePct(now: number, before: number | null): number | null {
  if (before === null || before === 0) return null;
  return ((now - before) / before) * 100;
}

export function evaluateThreshold(
  series: readonly Point[],
  period: Period,
  def: { above: number },
): AlertEvent | null {
  const value = valueAt(series, period);
  if (value === null || !(value > def.above)) return null;
  return { period, seriesKey: '_T', value, reference: def.above, details: {} };
}

/** Year-on-year (lagMonths 12) or month-on-month (lagMonths 1) change above a percentage. */
export function evaluateRelative(
  series: readonly Point[],
  period: Period,
  def: { abovePct: number },
  lagMonths: 1 | 12,
): AlertEvent | null {
  const value = valueAt(series, period);
  const before = valueAt(series, addMonths(period, -lagMonths));
  if (value === null) return null;
  const change = changePct(value, before);
  if (change === null || !(change > def.abovePct)) return null;
  return {
    period,
    seriesKey: '_T',
    value,
    reference: before,
    details: { changePct: round(change), comparedWith: addMonths(period, -lagMonths) },
  };
}

/** The forecast of a period made before it (from forecast_points of the series' chosen model). */
export interface IntervalForecast {
  period: Period;
  origin: Period;
  model: string;
  point: number;
  lo95: number;
  hi95: number;
}

export function evaluateForecastInterval(
  series: readonly Point[],
  period: Period,
  def: { side: 'above' | 'below' | 'both' },
  forecast: IntervalForecast | null,
): AlertEvent | null {
  const value = valueAt(series, period);
  if (value === null || !forecast || forecast.period !== period) return null;
  if (monthsBetween(forecast.origin, period) < 1) return null; // made after the fact: not a forecast
  const isAbove = value > forecast.hi95;
  const isBelow = value < forecast.lo95;
  const fires = def.side === 'above' ? isAbove : def.side === 'below' ? isBelow : isAbove || isBelow;
  if (!fires) return null;
  return {
    period,
    seriesKey: '_T',
    value,
    reference: isAbove ? forecast.hi95 : forecast.lo95,
    details: {
      direction: isAbove ? 'above' : 'below',
      point: round(forecast.point),
      lo95: round(forecast.lo95),
      hi95: round(forecast.hi95),
      model: forecast.model,
      origin: forecast.origin,
    },
  };
}

/**
 * A change-point detector: indices of the last point of each segment before a change (the first segment
 * always reports index 0), as @bsull/augurs' ChangepointDetector returns them.
 */
export type ChangepointDetect = (y: number[]) => number[];

/** z-scores, so the detector's prior (mean 0, unit precision) fits series of any size. */
export function standardise(y: readonly number[]): number[] {
  const mean = y.reduce((a, b) => a + b, 0) / y.length;
  const sd = Math.sqrt(y.reduce((a, b) => a + (b - mean) ** 2, 0) / y.length);
  return y.map((v) => (sd > 0 ? (v - mean) / sd : 0));
}

/**
 * Level shift: runs the detector on the series up to `period` (standardised, gaps dropped) and fires when the
 * latest change point starts a new level within the last `withinMonths` months. The event's period is the
 * first month of the new level, so later evaluations of the same shift do not fire again.
 */
export function evaluateLevelShift(
  series: readonly Point[],
  period: Period,
  def: { withinMonths: number; minMonths: number },
  detect: ChangepointDetect,
): AlertEvent | null {
  const known = series.filter(
    (p): p is { period: Period; value: number } => p.value !== null && p.period <= period,
  );
  if (known.length < def.minMonths || known.at(-1)?.period !== period) return null;
  const y = known.map((p) => p.value);
  const indices = detect(standardise(y)).filter((i) => i > 0 && i < y.length - 1);
  const last = indices.at(-1);
  if (last === undefined) return null;
  const start = last + 1; // first index of the new level
  const startPeriod = known[start]!.period;
  if (monthsBetween(startPeriod, period) >= def.withinMonths) return null;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const prevStart = indices.at(-2);
  const before = y.slice(prevStart === undefined ? 0 : prevStart + 1, start);
  const after = y.slice(start);
  const levelBefore = mean(before);
  const levelAfter = mean(after);
  return {
    period: startPeriod,
    seriesKey: '_T',
    value: round(levelAfter),
    reference: round(levelBefore),
    details: { levelBefore: round(levelBefore), levelAfter: round(levelAfter), detectedAt: period },
  };
}

/**
 * Route shift: the share (in %) of one citizenship in the route total in `period`, against its average share
 * over the 12 months before. Fires when the share rose by more than abovePoints percentage points.
 */
export function evaluateRouteShift(
  citizenship: string,
  part: readonly Point[],
  total: readonly Point[],
  period: Period,
  def: { abovePoints: number },
): AlertEvent | null {
  const share = (p: Period): number | null => {
    const t = valueAt(total, p);
    const v = valueAt(part, p);
    if (t === null || t <= 0 || v === null) return null;
    return (v / t) * 100;
  };
  const now = share(period);
  if (now === null) return null;
  const previous: number[] = [];
  for (let k = 1; k <= 12; k++) {
    const s = share(addMonths(period, -k));
    if (s !== null) previous.push(s);
  }
  if (previous.length < 6) return null; // not enough history for an average
  const avg = previous.reduce((a, b) => a + b, 0) / previous.length;
  const jump = now - avg;
  if (!(jump > def.abovePoints)) return null;
  return {
    period,
    seriesKey: citizenship,
    value: round(now, 2),
    reference: round(avg, 2),
    details: {
      citizenship,
      sharePct: round(now, 2),
      averageSharePct: round(avg, 2),
      jumpPoints: round(jump, 2),
      count: valueAt(part, period),
    },
  };
}

/** Everything a rule may need for one evaluation. */
export interface RuleInputs {
  series: readonly Point[];
  forecast?: IntervalForecast | null;
  detect?: ChangepointDetect;
  /** route_shift: each candidate citizenship's series; `series` is then the route total. */
  parts?: ReadonlyMap<string, readonly Point[]>;
}

/** Evaluates one rule for one period: the events it fires (none, one, or one per citizenship for route_shift). */
export function evaluateRule(def: RuleDefinition, period: Period, inputs: RuleInputs): AlertEvent[] {
  const one = (e: AlertEvent | null) => (e ? [e] : []);
  switch (def.kind) {
    case 'threshold':
      return one(evaluateThreshold(inputs.series, period, def));
    case 'yoy':
      return one(evaluateRelative(inputs.series, period, def, 12));
    case 'mom':
      return one(evaluateRelative(inputs.series, period, def, 1));
    case 'forecast_interval':
      return one(evaluateForecastInterval(inputs.series, period, def, inputs.forecast ?? null));
    case 'level_shift':
      return inputs.detect ? one(evaluateLevelShift(inputs.series, period, def, inputs.detect)) : [];
    case 'route_shift':
      return [...(inputs.parts ?? new Map()).entries()].flatMap(([citizenship, part]) =>
        one(evaluateRouteShift(citizenship, part, inputs.series, period, def)),
      );
  }
}

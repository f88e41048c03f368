import { describe, expect, it } from 'vitest';
import { periodRange } from '../periods';
import { loadChangepointDetector } from './changepoint';
import {
  evaluateForecastInterval,
  evaluateLevelShift,
  evaluateRelative,
  evaluateRouteShift,
  evaluateRule,
  evaluateThreshold,
  type Point,
  RuleDefinition,
  standardise,
} from './rules';

const series = (from: string, values: (number | null)[]): Point[] => {
  const periods = periodRange(from, '2999-12').slice(0, values.length);
  return values.map((value, i) => ({ period: periods[i]!, value }));
};

describe('rule definitions', () => {
  it('accepts each kind and fills defaults', () => {
    expect(RuleDefinition.parse({ kind: 'threshold', above: 100 })).toEqual({
      kind: 'threshold',
      above: 100,
    });
    expect(RuleDefinition.parse({ kind: 'forecast_interval' })).toEqual({
      kind: 'forecast_interval',
      side: 'above',
    });
    expect(RuleDefinition.parse({ kind: 'level_shift' })).toEqual({
      kind: 'level_shift',
      withinMonths: 3,
      minMonths: 24,
    });
  });

  it('refuses unknown kinds, negative thresholds and extra keys, naming the field', () => {
    expect(RuleDefinition.safeParse({ kind: 'nope' }).success).toBe(false);
    const negative = RuleDefinition.safeParse({ kind: 'threshold', above: -1 });
    expect(negative.success).toBe(false);
    expect(negative.error?.issues[0]?.path).toEqual(['above']);
    expect(RuleDefinition.safeParse({ kind: 'mom', abovePct: 10, extra: 1 }).success).toBe(false);
    expect(RuleDefinition.safeParse({ kind: 'route_shift', abovePoints: 0 }).success).toBe(false);
  });
});

describe('threshold and relative rules', () => {
  const s = series('2024-01', [100, 120, null, 300]);

  it('fires only strictly above the threshold, never on a missing value', () => {
    expect(evaluateThreshold(s, '2024-02', { above: 120 })).toBeNull();
    expect(evaluateThreshold(s, '2024-02', { above: 119 })).toMatchObject({ value: 120, reference: 119 });
    expect(evaluateThreshold(s, '2024-03', { above: 0 })).toBeNull();
  });

  it('month-on-month: +20 % from 100 to 120', () => {
    expect(evaluateRelative(s, '2024-02', { abovePct: 19.9 }, 1)).toMatchObject({
      value: 120,
      reference: 100,
      details: { changePct: 20, comparedWith: '2024-01' },
    });
    expect(evaluateRelative(s, '2024-02', { abovePct: 20 }, 1)).toBeNull();
    // The month before is missing: no comparison, no alert.
    expect(evaluateRelative(s, '2024-04', { abovePct: 0 }, 1)).toBeNull();
  });

  it('year-on-year compares with the same month a year earlier; a zero base never fires', () => {
    const y = series('2023-01', [50, ...Array(11).fill(1), 80, 5]);
    expect(evaluateRelative(y, '2024-01', { abovePct: 50 }, 12)).toMatchObject({
      reference: 50,
      details: { changePct: 60 },
    });
    const zero = series('2023-01', [0, ...Array(11).fill(1), 80]);
    expect(evaluateRelative(zero, '2024-01', { abovePct: 0 }, 12)).toBeNull();
  });
});

describe('forecast interval rule', () => {
  const s = series('2024-01', [100, 250, 40]);
  const fc = (period: string, origin = '2024-01') => ({
    period,
    origin,
    model: 'mstl_ets',
    point: 110,
    lo95: 60,
    hi95: 200,
  });

  it('fires above the 95 % upper bound, with the bound as reference', () => {
    expect(evaluateForecastInterval(s, '2024-02', { side: 'above' }, fc('2024-02'))).toMatchObject({
      value: 250,
      reference: 200,
      details: { direction: 'above', model: 'mstl_ets' },
    });
  });

  it('respects the side and ignores forecasts of another period or made after the fact', () => {
    expect(evaluateForecastInterval(s, '2024-03', { side: 'above' }, fc('2024-03'))).toBeNull();
    expect(evaluateForecastInterval(s, '2024-03', { side: 'below' }, fc('2024-03'))).toMatchObject({
      reference: 60,
    });
    expect(evaluateForecastInterval(s, '2024-02', { side: 'both' }, fc('2024-03'))).toBeNull();
    expect(evaluateForecastInterval(s, '2024-02', { side: 'both' }, fc('2024-02', '2024-02'))).toBeNull();
    expect(evaluateForecastInterval(s, '2024-02', { side: 'both' }, null)).toBeNull();
  });
});

describe('level shift rule', () => {
  const flat = Array.from({ length: 30 }, (_, i) => 1000 + 40 * Math.sin(i * 1.7));
  const shifted = [...flat, 2600, 2650, 2580];

  it('with a fake detector: the event period is the first month of the new level', () => {
    const s = series('2022-01', shifted);
    const detect = () => [0, 29];
    const e = evaluateLevelShift(s, '2024-09', { withinMonths: 3, minMonths: 24 }, detect);
    expect(e?.period).toBe('2024-07');
    expect(e?.reference).toBeCloseTo(flat.reduce((a, b) => a + b) / 30, 0);
    // Four months later the same shift is old news.
    const later = series('2022-01', [...shifted, 2600]);
    expect(
      evaluateLevelShift(later, '2024-10', { withinMonths: 4, minMonths: 24 }, () => [0, 29]),
    ).toMatchObject({
      period: '2024-07',
    });
    expect(
      evaluateLevelShift(later, '2024-10', { withinMonths: 3, minMonths: 24 }, () => [0, 29]),
    ).toBeNull();
  });

  it('with the augurs detector: finds a real shift, not noise; too short series are skipped', async () => {
    const detect = await loadChangepointDetector();
    const s = series('2022-01', shifted);
    expect(evaluateLevelShift(s, '2024-09', { withinMonths: 3, minMonths: 24 }, detect)?.period).toBe(
      '2024-07',
    );
    const noise = series('2022-01', flat);
    expect(evaluateLevelShift(noise, '2024-06', { withinMonths: 3, minMonths: 24 }, detect)).toBeNull();
    const short = series('2024-01', [10, 10, 10, 10, 90, 90]);
    expect(evaluateLevelShift(short, '2024-06', { withinMonths: 3, minMonths: 24 }, detect)).toBeNull();
  });

  it('standardise gives mean 0 and unit variance, and zeros for a constant series', () => {
    const z = standardise([1, 2, 3, 4]);
    expect(z.reduce((a, b) => a + b, 0)).toBeCloseTo(0);
    expect(z.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1);
    expect(standardise([5, 5])).toEqual([0, 0]);
  });
});

describe('route shift rule', () => {
  const total = series('2023-01', Array(13).fill(1000));
  it('fires when the share jumps by more than X points over the 12-month average', () => {
    const afg = series('2023-01', [...Array(12).fill(100), 300]);
    const e = evaluateRouteShift('AFG', afg, total, '2024-01', { abovePoints: 15 });
    expect(e).toMatchObject({ seriesKey: 'AFG', value: 30, reference: 10, details: { jumpPoints: 20 } });
    expect(evaluateRouteShift('AFG', afg, total, '2024-01', { abovePoints: 20 })).toBeNull();
  });

  it('needs six months of history', () => {
    const short = series('2023-08', [100, 100, 100, 100, 100, 300]);
    expect(evaluateRouteShift('AFG', short, total, '2024-01', { abovePoints: 1 })).toBeNull();
  });

  it('evaluateRule returns one event per citizenship that shifted', () => {
    const parts = new Map([
      ['AFG', series('2023-01', [...Array(12).fill(100), 300])],
      ['SYR', series('2023-01', [...Array(12).fill(100), 100])],
    ]);
    const events = evaluateRule({ kind: 'route_shift', abovePoints: 5 }, '2024-01', { series: total, parts });
    expect(events.map((e) => e.seriesKey)).toEqual(['AFG']);
  });
});

import { describe, expect, it } from 'vitest';
import type { ForecastPoint } from './forecast-series';
import { candidateOrder, chooseSaneModel, implausibility } from './sanity-guard';

const pt = (horizon: number, point: number, lo95: number, hi95: number): ForecastPoint => ({
  horizon,
  point,
  lo80: lo95,
  hi80: hi95,
  lo95,
  hi95,
});
// Around 5,000 a month, then a 13-month gap (nulls), then one new month: the scenario.
const history = [
  ...Array.from({ length: 36 }, (_, i) => 5000 + ((i * 37) % 400)),
  ...Array(13).fill(null),
  600,
];
const broken = [pt(1, 4800, 0, 11_600_000), pt(2, 5000, 0, 21_000_000)];
const sane = [pt(1, 4900, 3500, 6800), pt(2, 5000, 3400, 7000)];

describe('implausibility', () => {
  it("rejects the issue's interval of 0 to 21 million on a series around 5,000, naming the bound", () => {
    expect(implausibility(history, broken)).toMatch(/Horizon 1: the 95 % upper bound 11600000 exceeds 3 ×/);
  });
  it('accepts a forecast inside the envelope and ignores missing months', () => {
    expect(implausibility(history, sane)).toBeNull();
  });
  it('rejects negative or non-finite forecasts, and a history without figures', () => {
    expect(implausibility(history, [pt(1, -5, -10, 10)])).toMatch(/below zero/);
    expect(implausibility(history, [pt(1, Number.NaN, 0, 10)])).toMatch(/not a number/);
    expect(implausibility([null, null], sane)).toMatch(/no figures/);
  });
});

describe('chooseSaneModel', () => {
  it('passes over the best-scoring broken model to the next plausible one, with the reason', () => {
    const order = candidateOrder('auto_ets', { auto_ets: 0.25, mstl_ets: 0.6, seasonal_naive: 0.9 });
    expect(order).toEqual(['auto_ets', 'mstl_ets', 'ensemble', 'seasonal_naive', 'naive']);
    const r = chooseSaneModel(history, order, { auto_ets: broken, mstl_ets: sane, seasonal_naive: sane });
    expect(r.model).toBe('mstl_ets');
    expect(r.rejected).toEqual([{ model: 'auto_ets', reason: expect.stringMatching(/upper bound/) }]);
  });
  it('falls back to a baseline when every model is implausible, and to none when all are', () => {
    const order = candidateOrder('auto_ets', { auto_ets: 0.2, naive: 1 });
    expect(chooseSaneModel(history, order, { auto_ets: broken, naive: sane }).model).toBe('naive');
    const none = chooseSaneModel(history, order, { auto_ets: broken, naive: broken });
    expect(none.model).toBeNull();
    expect(none.rejected.map((x) => x.model)).toEqual(['auto_ets', 'naive']);
  });
});

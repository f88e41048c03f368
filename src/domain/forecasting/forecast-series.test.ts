import { beforeAll, describe, expect, it } from 'vitest';
import type { AugursRuntime } from './augurs';
import { loadAugurs } from './augurs';
import { baselineLogErrors, chooseModel, empiricalInterval, forecastSeries } from './forecast-series';
import { forecastNaive, forecastSeasonalNaive, seasonalIndices } from './models';

/** A seasonal series with trend and deterministic noise (no randomness: tests must be reproducible). */
const seasonal = (n: number) =>
  Array.from({ length: n }, (_, t) =>
    Math.round(200 * (1 + 0.4 * Math.sin((2 * Math.PI * t) / 12)) + t + ((t * 37) % 11)),
  );

let rt: AugursRuntime;
beforeAll(async () => {
  rt = await loadAugurs();
});

describe('baselines', () => {
  it('naive repeats the last value; seasonal naive repeats the same month a year earlier', () => {
    const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14];
    expect(forecastNaive(y, 3)).toEqual([14, 14, 14]);
    // Next months are index 14, 15, 16 → same month last year: 2, 3, 4 (index 2, 3, 4).
    expect(forecastSeasonalNaive(y, 3)).toEqual([3, 4, 5]);
  });

  it('baseline interval errors are the in-sample h-step log changes', () => {
    const y = [0, Math.E - 1, Math.E ** 2 - 1, Math.E ** 3 - 1]; // log1p = 0, 1, 2, 3
    expect(baselineLogErrors(y, 'naive', 1, 10).map((e) => Math.round(e * 1e9) / 1e9)).toEqual([1, 1, 1]);
    expect(baselineLogErrors(y, 'naive', 2, 10).map((e) => Math.round(e * 1e9) / 1e9)).toEqual([2, 2]);
  });

  it('empirical interval contains the point and widens from 80 % to 95 %', () => {
    const errors = [-0.3, -0.2, -0.1, 0, 0.1, 0.2, 0.3, 0.4];
    const i = empiricalInterval(100, errors);
    expect(i.lo95).toBeLessThanOrEqual(i.lo80);
    expect(i.lo80).toBeLessThanOrEqual(100);
    expect(i.hi80).toBeGreaterThanOrEqual(100);
    expect(i.hi95).toBeGreaterThanOrEqual(i.hi80);
  });

  it('seasonal indices sum to zero and recover a pure seasonal pattern', () => {
    const pattern = [0.5, 0.3, 0.1, -0.1, -0.3, -0.5, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5];
    const y = Array.from({ length: 48 }, (_, t) => 5 + pattern[t % 12]!);
    const idx = seasonalIndices(y);
    expect(idx.reduce((s, v) => s + v, 0)).toBeCloseTo(0, 10);
    for (const [m, v] of idx.entries()) expect(v).toBeCloseTo(pattern[m]!, 6);
  });
});

describe('forecastSeries', () => {
  it('refuses a series shorter than 36 months, and an all-zero one, with a reason', () => {
    const short = forecastSeries(rt, seasonal(35));
    expect(short.status).toBe('too_short');
    expect(short.reason).toMatch(/35 months/);
    expect(short.forecasts).toEqual({});
    const zero = forecastSeries(rt, new Array(48).fill(0));
    expect(zero.status).toBe('all_zero');
    expect(zero.reason).toMatch(/zero/);
    expect(zero.chosenModel).toBeNull();
  });

  it('forecasts 6 months with ordered intervals for every model, and backtests per horizon', () => {
    const f = forecastSeries(rt, seasonal(72), { maxOrigins: 12 });
    expect(f.status).toBe('ok');
    for (const m of ['naive', 'seasonal_naive', 'mstl_ets', 'auto_ets', 'ensemble'] as const) {
      const pts = f.forecasts[m]!;
      expect(pts.map((p) => p.horizon)).toEqual([1, 2, 3, 4, 5, 6]);
      for (const p of pts) {
        expect(p.lo95).toBeLessThanOrEqual(p.lo80);
        expect(p.lo80).toBeLessThanOrEqual(p.point);
        expect(p.point).toBeLessThanOrEqual(p.hi80);
        expect(p.hi80).toBeLessThanOrEqual(p.hi95);
        expect(p.lo95).toBeGreaterThanOrEqual(0);
      }
    }
    const h1 = f.backtests.find((b) => b.model === 'naive' && b.horizon === 1)!;
    expect(h1.nOrigins).toBe(12);
    const h6 = f.backtests.find((b) => b.model === 'naive' && b.horizon === 6)!;
    expect(h6.nOrigins).toBe(7); // origins whose 6-month target is known
    // On a clean seasonal series the seasonal models beat the naive forecast clearly.
    expect(f.meanMase.mstl_ets!).toBeLessThan(f.meanMase.naive!);
    expect(f.chosenModel).not.toBe('naive');
  });

  it('the backtest at an origin never sees later data', () => {
    const y = seasonal(60);
    const seen: number[] = [];
    const historyAt = (o: number) => {
      seen.push(o);
      return y.slice(0, o + 1);
    };
    const a = forecastSeries(rt, y, { maxOrigins: 10, historyAt });
    expect(seen).toEqual([49, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
    // Changing the last month changes nothing forecast from earlier origins (only the actuals compared).
    const changed = [...y];
    changed[59] = 99999;
    const b = forecastSeries(rt, changed, { maxOrigins: 10 });
    const pts = (f: typeof a) =>
      f.backtestPoints.filter((p) => p.origin === 50).map((p) => [p.model, p.horizon, p.point]);
    expect(pts(b)).toEqual(pts(a));
    expect(b.backtestPoints.find((p) => p.origin === 58 && p.horizon === 1)!.actual).toBe(99999);
  });

  it('uses the vintage given by historyAt for each origin', () => {
    const y = seasonal(48);
    // A vintage in which every month was first published at half its final value.
    const f = forecastSeries(rt, y, {
      maxOrigins: 3,
      historyAt: (o) => y.slice(0, o + 1).map((v, t) => (t === o ? v / 2 : v)),
    });
    const naive = f.backtestPoints.filter((p) => p.model === 'naive' && p.horizon === 1);
    expect(naive.map((p) => p.point)).toEqual([44, 45, 46].map((o) => y[o]! / 2));
  });
});

describe('forecastSeries with the sanity guard (issue 14)', () => {
  const y = seasonal(60);
  const reach = (f: ReturnType<typeof forecastSeries>, m: keyof typeof f.forecasts) =>
    Math.max(...f.forecasts[m]!.map((p) => p.hi95)) / Math.max(...y);

  it('passes over a chosen model whose 95 % bound leaves the envelope; the next plausible one serves', () => {
    const plain = forecastSeries(rt, y, { maxOrigins: 12 });
    expect(plain.rejected).toEqual([]);
    const chosen = plain.chosenModel!;
    const others = (['naive', 'seasonal_naive', 'mstl_ets', 'auto_ets', 'ensemble'] as const).filter(
      (m) => m !== chosen && reach(plain, m) < reach(plain, chosen),
    );
    expect(others.length).toBeGreaterThan(0);
    // An envelope just below the chosen model's reach: it must be rejected, a model inside it serves.
    const k = reach(plain, chosen) * 0.999;
    const guarded = forecastSeries(rt, y, { maxOrigins: 12, envelopeFactor: k });
    expect(guarded.status).toBe('ok');
    expect(guarded.rejected[0]).toEqual({ model: chosen, reason: expect.stringMatching(/upper bound/) });
    expect(guarded.chosenModel).not.toBe(chosen);
    expect(reach(guarded, guarded.chosenModel!)).toBeLessThanOrEqual(k);
  });

  it('gives no forecast, with every reason, when no model stays inside the envelope', () => {
    const f = forecastSeries(rt, y, { maxOrigins: 12, envelopeFactor: 0.5 });
    expect(f.status).toBe('implausible');
    expect(f.chosenModel).toBeNull();
    expect(f.rejected.map((r) => r.model).sort()).toEqual(
      ['auto_ets', 'ensemble', 'mstl_ets', 'naive', 'seasonal_naive'].sort(),
    );
    expect(f.reason).toMatch(/^No model gave a plausible forecast: /);
  });
});

describe('chooseModel', () => {
  it('picks a model only when it beats the better baseline', () => {
    expect(chooseModel({ naive: 1, seasonal_naive: 1.2, mstl_ets: 0.9, ensemble: 0.95 })).toBe('mstl_ets');
    expect(chooseModel({ naive: 1, seasonal_naive: 0.8, mstl_ets: 0.9 })).toBe('seasonal_naive');
    expect(chooseModel({ naive: 0.7, seasonal_naive: 0.8, mstl_ets: 0.7 })).toBe('naive');
  });
});

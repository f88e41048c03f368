import { describe, expect, it } from 'vitest';
import { laggedMae, maseScale, quantile, smape } from './metrics';

describe('forecast metrics', () => {
  it('sMAPE: 200·|a−f|/(|a|+|f|), 0 when both are 0', () => {
    expect(smape(100, 80)).toBeCloseTo((200 * 20) / 180, 10);
    expect(smape(0, 0)).toBe(0);
    expect(smape(0, 5)).toBe(200);
  });

  it('MASE scale: in-sample seasonal-naive MAE, falling back to the naive MAE', () => {
    // 13 months: only one seasonal pair (t=12 vs t=0): |20 − 10| = 10.
    const y = [10, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 20];
    expect(laggedMae(y, 12)).toBe(10);
    expect(maseScale(y)).toBe(10);
    // Same month each year → seasonal MAE 0 → naive MAE (mean |Δ|).
    const flat = [...Array(24)].map((_, t) => (t % 12 === 0 ? 5 : 1));
    expect(laggedMae(flat, 12)).toBe(0);
    expect(maseScale(flat)).toBeCloseTo(laggedMae(flat, 1)!, 12);
    expect(maseScale([3, 3, 3])).toBeNull();
  });

  it('quantile interpolates between order statistics', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5], 0.1)).toBeCloseTo(1.4, 12);
    expect(() => quantile([], 0.5)).toThrow(RangeError);
  });
});

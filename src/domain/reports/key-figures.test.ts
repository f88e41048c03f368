import { describe, expect, it } from 'vitest';
import { pctChange } from '../analytics/like-for-like';
import { type ComparedPoint, keyFigures, sumSeries } from './key-figures';

const point = (period: string, p: Partial<ComparedPoint>): ComparedPoint => ({
  period,
  value: null,
  ytd: null,
  comparedValue: null,
  previous: null,
  comparedYtd: null,
  ytdPrevious: null,
  ...p,
});

describe('report key figures', () => {
  it('shows the published month and year to date, and changes over the compared parts only', () => {
    // Two states a year ago (100 + 900); this month only the first has reported (110).
    const points = [
      point('2024-02', {
        value: 110,
        ytd: 230,
        comparedValue: 110,
        previous: 100,
        comparedYtd: 230,
        ytdPrevious: 200,
      }),
    ];
    expect(keyFigures(points, '2024-02')).toEqual({ month: 110, ytd: 230, yoyMonthPct: 10, yoyYtdPct: 15 });
    expect(keyFigures(points, '2024-03')).toEqual({
      month: null,
      ytd: null,
      yoyMonthPct: null,
      yoyYtdPct: null,
    });
  });

  it('has no change without a base', () => {
    expect(pctChange(5, 0)).toBeNull();
    expect(pctChange(null, 5)).toBeNull();
    expect(pctChange(5, null)).toBeNull();
    expect(pctChange(150, 100)).toBe(50);
    expect(pctChange(1, 3)).toBe(-66.7);
  });

  it('sums routes field by field, keeping a month null where no route has figures', () => {
    const a = [point('2024-01', { value: 10, comparedValue: 10, previous: 5 }), point('2024-02', {})];
    const b = [point('2024-01', { value: 7, comparedValue: null, previous: null }), point('2024-02', {})];
    const total = sumSeries([a, b]);
    expect(total.map((p) => p.period)).toEqual(['2024-01', '2024-02']);
    expect(total[0]).toMatchObject({ value: 17, comparedValue: 10, previous: 5 });
    expect(total[1]).toMatchObject({ value: null, comparedValue: null, previous: null });
    // Route b's state reported nothing a year ago: the total's change compares route a only.
    expect(keyFigures(total, '2024-01').yoyMonthPct).toBe(100);
  });
});

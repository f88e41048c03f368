import { describe, expect, it } from 'vitest';
import { type KeyFigureInput, publicKeyFigures } from './profile-figures';

const fig = (
  period: string,
  route: string,
  value: number | null,
  o: Partial<KeyFigureInput> = {},
): KeyFigureInput => ({
  indicator: 'IBC',
  reporter: 'GRC',
  period,
  breakdowns: { route, sex: '_T' },
  value,
  confStatus: value === null ? 'C' : 'F',
  ...o,
});

describe('publicKeyFigures', () => {
  it('sums the latest twelve months over routes, a year earlier, per route, with a 36-month trend', () => {
    const [k] = publicKeyFigures(
      [
        fig('2024-03', 'EMR', 10),
        fig('2024-02', 'EMR', 20),
        fig('2024-03', 'CMR', 5),
        fig('2023-03', 'EMR', 7),
        fig('2023-02', 'EMR', 1),
        // Other reporters, other breakdowns and other indicators are not the state's route figures.
        fig('2024-03', 'EMR', 1000, { reporter: 'ITA' }),
        fig('2024-03', 'EMR', 1000, { breakdowns: { route: 'EMR', sex: 'F' } }),
        fig('2024-03', 'EMR', 1000, { indicator: 'ASY' }),
      ],
      'GRC',
      ['IBC', 'RET_EFF'],
    );
    expect(k).toMatchObject({
      indicator: 'IBC',
      from: '2023-04',
      to: '2024-03',
      total: { value: 35, isWithheld: false },
      previous: { value: 8, isWithheld: false },
      byRoute: [
        { route: 'CMR', value: 5, isWithheld: false },
        { route: 'EMR', value: 30, isWithheld: false },
      ],
    });
    expect(k!.trend).toHaveLength(36);
    expect(k!.trend.at(-1)).toEqual({ period: '2024-03', value: 15, isWithheld: false });
    expect(k!.trend.at(-3)).toEqual({ period: '2024-01', value: null, isWithheld: false });
  });

  it('withholds every sum with a withheld part, never the sum of its free parts', () => {
    const [k] = publicKeyFigures(
      [fig('2024-01', 'EMR', 100), fig('2024-01', 'CMR', null), fig('2024-02', 'EMR', 50)],
      'GRC',
      ['IBC'],
    );
    expect(k!.total).toEqual({ value: null, isWithheld: true });
    expect(k!.byRoute).toEqual([
      { route: 'CMR', value: null, isWithheld: true },
      { route: 'EMR', value: 150, isWithheld: false },
    ]);
    expect(k!.trend.at(-2)).toEqual({ period: '2024-01', value: null, isWithheld: true });
    expect(k!.trend.at(-1)).toEqual({ period: '2024-02', value: 50, isWithheld: false });
  });

  it('uses the totals of an indicator reported without routes; none without figures', () => {
    const figures = [fig('2024-01', '_T', 9, { indicator: 'ASY' })];
    expect(publicKeyFigures(figures, 'GRC', ['ASY'])[0]).toMatchObject({
      total: { value: 9 },
      byRoute: [],
    });
    expect(publicKeyFigures(figures, 'ITA', ['ASY'])).toEqual([]);
  });
});

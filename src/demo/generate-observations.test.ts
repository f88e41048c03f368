import { describe, expect, it } from 'vitest';
import { demoReportingPlan, generateDemoObservations } from './generate-observations';

const sum = (xs: { value: number }[]) => xs.reduce((s, x) => s + x.value, 0);

describe('demo observation generator', () => {
  const rows = [...generateDemoObservations()];

  it('is deterministic for a seed and differs across seeds', () => {
    const again = [...generateDemoObservations()];
    expect(again).toEqual(rows);
    const other = [...generateDemoObservations({ seed: 7 })];
    expect(other.length).toBe(rows.length);
    expect(sum(other)).not.toBe(sum(rows));
  });

  it('covers 5+ years for all nine indicators with unique keys and no negative values', () => {
    expect(new Set(rows.map((r) => r.indicator)).size).toBe(9);
    expect(new Set(rows.map((r) => r.period)).size).toBeGreaterThanOrEqual(60);
    const keys = new Set(
      rows.map((r) => [r.indicator, r.reporter, r.period, r.route, r.citizenship, r.borderType].join('|')),
    );
    expect(keys.size).toBe(rows.length);
    expect(rows.every((r) => Number.isInteger(r.value) && r.value >= 0)).toBe(true);
  });

  it('route totals equal the sum of citizenships', () => {
    const cell = rows.filter((r) => r.indicator === 'IBC' && r.reporter === 'ITA' && r.period === '2022-05');
    const total = cell.find((r) => r.citizenship === '_T' && r.borderType === '_T')!;
    expect(total.value).toBe(sum(cell.filter((r) => r.citizenship !== '_T')));
  });

  it('has a surge on the Central Mediterranean in summer 2023', () => {
    const ita = (p: string) =>
      rows.find(
        (r) =>
          r.indicator === 'IBC' &&
          r.reporter === 'ITA' &&
          r.period === p &&
          r.citizenship === '_T' &&
          r.borderType === '_T',
      )!.value;
    expect(ita('2023-08') / ita('2022-08')).toBeGreaterThan(2);
  });

  it('shifts Afghan detections from the Eastern Mediterranean to the Western Balkans in 2024', () => {
    const share = (year: string) => {
      const afg = rows.filter(
        (r) => r.indicator === 'IBC' && r.citizenship === 'AFG' && r.period.startsWith(year),
      );
      const emed = sum(afg.filter((r) => r.route === 'EMED'));
      return emed / sum(afg.filter((r) => r.route === 'EMED' || r.route === 'WBAL'));
    };
    expect(share('2023')).toBeGreaterThan(0.5);
    expect(share('2024')).toBeLessThan(0.3);
  });

  it('reports what the calendar plan says, and nothing from a non-reporting origin country', () => {
    const pairs = [...new Set(rows.map((r) => `${r.reporter}|${r.indicator}`))].sort();
    const plan = demoReportingPlan();
    expect(plan.map((p) => `${p.reporter}|${p.indicator}`).sort()).toEqual(pairs);
    expect(plan.every((p) => p.from === '2020-01')).toBe(true);
    expect(rows.some((r) => r.reporter === 'AFG')).toBe(false);
    // Afghan citizens are still detected elsewhere.
    expect(rows.some((r) => r.citizenship === 'AFG')).toBe(true);
  });
});

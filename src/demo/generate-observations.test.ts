import { describe, expect, it } from 'vitest';
import { addMonths, monthsBetween } from '../domain/periods';
import {
  DEMO_MONTHS,
  demoEvents,
  demoPeriods,
  demoReportingPlan,
  type GeneratedObservation,
  generateDemoObservations,
} from './generate-observations';

const sum = (xs: { value: number }[]) => xs.reduce((s, x) => s + x.value, 0);

/** The demo as created on 2 December 2026: figures from 2021-03 to 2026-11. */
const TODAY = new Date('2026-12-02T09:30:00Z');

const itaTotal = (rows: GeneratedObservation[], p: string) =>
  rows.find(
    (r) =>
      r.indicator === 'IBC' &&
      r.reporter === 'ITA' &&
      r.period === p &&
      r.citizenship === '_T' &&
      r.borderType === '_T',
  )!.value;

/** Share of Afghan detections on the Eastern Mediterranean (of EMED + WBAL) in a year. */
const emedShareOfAfghans = (rows: GeneratedObservation[], year: string) => {
  const afg = rows.filter(
    (r) => r.indicator === 'IBC' && r.citizenship === 'AFG' && r.period.startsWith(year),
  );
  const emed = sum(afg.filter((r) => r.route === 'EMED'));
  return emed / sum(afg.filter((r) => r.route === 'EMED' || r.route === 'WBAL'));
};

describe('demo observation generator', () => {
  const rows = [...generateDemoObservations({ today: TODAY })];

  it('is deterministic for a seed and a day, and differs across seeds', () => {
    const again = [...generateDemoObservations({ today: TODAY })];
    expect(again).toEqual(rows);
    // Any day of the same month gives the same demo: it depends on the month of creation only.
    expect([...generateDemoObservations({ today: new Date('2026-12-31T23:59:00Z') })]).toEqual(rows);
    const other = [...generateDemoObservations({ seed: 7, today: TODAY })];
    expect(other.length).toBe(rows.length);
    expect(sum(other)).not.toBe(sum(rows));
  });

  it('ends with the month before the day of creation and covers DEMO_MONTHS months without a hole', () => {
    expect(demoPeriods(TODAY)).toEqual({ from: '2021-03', to: '2026-11' });
    const periods = [...new Set(rows.map((r) => r.period))].sort();
    expect(periods).toHaveLength(DEMO_MONTHS);
    expect(periods[0]).toBe('2021-03');
    expect(periods.at(-1)).toBe('2026-11');
    expect(rows.some((r) => r.period === '2026-12')).toBe(false);
    // January: last month is December of the year before.
    expect(demoPeriods(new Date('2027-01-01T00:00:00Z')).to).toBe('2026-12');
  });

  it('is the demo that ended in 2025-09 when created in October 2025', () => {
    const before = [...generateDemoObservations({ today: new Date('2025-10-15T00:00:00Z') })];
    expect(demoPeriods(new Date('2025-10-15T00:00:00Z'))).toEqual({ from: '2020-01', to: '2025-09' });
    expect(demoEvents('2025-09')).toEqual({ surgeYear: 2023, shiftFrom: '2024-01' });
    expect(itaTotal(before, '2023-08') / itaTotal(before, '2022-08')).toBeGreaterThan(2);
    expect(emedShareOfAfghans(before, '2023')).toBeGreaterThan(0.5);
    expect(emedShareOfAfghans(before, '2024')).toBeLessThan(0.3);
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

  it('has a surge on the Central Mediterranean in the summer 23 months or more before the end', () => {
    expect(demoEvents('2026-11').surgeYear).toBe(2024);
    expect(itaTotal(rows, '2024-08') / itaTotal(rows, '2023-08')).toBeGreaterThan(2);
    expect(itaTotal(rows, '2025-08') / itaTotal(rows, '2024-08')).toBeLessThan(0.6);
  });

  it('shifts Afghan detections from the Eastern Mediterranean to the Western Balkans the January after', () => {
    expect(demoEvents('2026-11').shiftFrom).toBe('2025-01');
    expect(emedShareOfAfghans(rows, '2024')).toBeGreaterThan(0.5);
    expect(emedShareOfAfghans(rows, '2025')).toBeLessThan(0.3);
  });

  it('keeps the surge and the shift inside the history whatever the month of creation', () => {
    for (let m = 0; m < 12; m++) {
      const { from, to } = demoPeriods(new Date(Date.UTC(2026, m, 10)));
      const { surgeYear, shiftFrom } = demoEvents(to);
      const surgeStart = `${surgeYear}-06`;
      expect(monthsBetween(from, surgeStart)).toBeGreaterThanOrEqual(12); // a year before it to compare with
      expect(monthsBetween(addMonths(surgeStart, 4), to)).toBeGreaterThanOrEqual(14); // history after it
      expect(monthsBetween(shiftFrom, to)).toBeGreaterThanOrEqual(11); // a year of the new routes
    }
  });

  it('reports what the calendar plan says, and nothing from a non-reporting origin country', () => {
    const pairs = [...new Set(rows.map((r) => `${r.reporter}|${r.indicator}`))].sort();
    const plan = demoReportingPlan({ today: TODAY });
    expect(plan.map((p) => `${p.reporter}|${p.indicator}`).sort()).toEqual(pairs);
    // Expected from the demo's first month, the one its figures start with.
    const first = rows.map((r) => r.period).sort()[0];
    expect(plan.every((p) => p.from === first)).toBe(true);
    expect(rows.some((r) => r.reporter === 'AFG')).toBe(false);
    // Afghan citizens are still detected elsewhere.
    expect(rows.some((r) => r.citizenship === 'AFG')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { totalBreakdowns } from '../observations/dimensions';
import { type ProtectableObservation, protectObservationTable } from './observations';

const obs = (reporter: string, period: string, value: number): ProtectableObservation => ({
  indicator: 'IBC',
  reporter,
  period,
  breakdowns: totalBreakdowns(),
  value,
  flags: [],
});

describe('protectObservationTable', () => {
  it('withholds a small reporter cell, a second reporter with it, and keeps the sum over reporters', () => {
    const table = [obs('GRC', '2024-01', 3), obs('ITA', '2024-01', 40), obs('TUR', '2024-01', 50)];
    const { status, totals: derived } = protectObservationTable(table, 5);
    expect(status).toEqual(['primary', 'secondary', null]);
    const sum = derived.find((t) => t.key.reporter === '*' && t.key.period === '2024-01');
    expect(sum).toMatchObject({ value: 93, status: null });
  });

  it('withholds the sum when only one reporter is left to hide it', () => {
    const { status, totals: derived } = protectObservationTable([obs('GRC', '2024-01', 3)], 5);
    expect(status).toEqual(['primary']);
    expect(derived.find((t) => t.key.reporter === '*')?.status).not.toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { addMonths, isPeriod, monthsBetween, parsePeriod, periodRange, periodToDate } from './periods';

describe('periods', () => {
  it('adds months across year ends, both ways', () => {
    expect(addMonths('2024-11', 3)).toBe('2025-02');
    expect(addMonths('2024-01', -1)).toBe('2023-12');
    expect(addMonths('2024-01', -13)).toBe('2022-12');
  });
  it('lists a range inclusively and counts months', () => {
    expect(periodRange('2023-11', '2024-02')).toEqual(['2023-11', '2023-12', '2024-01', '2024-02']);
    expect(periodRange('2024-02', '2024-01')).toEqual([]);
    expect(monthsBetween('2020-01', '2025-09')).toBe(68);
  });
  it('rejects what is not a month', () => {
    expect(isPeriod('2024-13')).toBe(false);
    expect(isPeriod('2024-1')).toBe(false);
    expect(() => parsePeriod('24-01')).toThrow(/expected YYYY-MM/);
    expect(periodToDate('2024-07')).toBe('2024-07-01');
  });
});

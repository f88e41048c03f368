import { describe, expect, it } from 'vitest';
import { likeForLike, type ReporterValue, reportingOf } from './like-for-like';

const STATES = ['ITA', 'GRC', 'ESP', 'MLT'];
/** Every state reports 1,000 a month in 2025 (January to September); in 2026 only ITA reports, in November. */
const cells: ReporterValue[] = [
  ...['2025-01', '2025-02', '2025-09', '2025-11'].flatMap((period) =>
    STATES.map((reporter) => ({ reporter, period, value: 1000 })),
  ),
  { reporter: 'ITA', period: '2026-11', value: 600 },
];

describe('likeForLike', () => {
  it('issue 14: one state of four against a complete month compares that state only, not −85 %', () => {
    const r = likeForLike(cells, ['2026-11']).get('2026-11')!;
    expect(r).toEqual({ value: 600, previous: 1000, reporters: 1, ytd: 600, ytdPrevious: 1000 });
    // The raw comparison would be 600 against 4,000.
  });

  it('year to date counts only the (state, month) pairs present in both years', () => {
    const more: ReporterValue[] = [
      ...cells,
      { reporter: 'ITA', period: '2026-01', value: 900 },
      { reporter: 'GRC', period: '2026-01', value: 1100 },
      { reporter: 'ESP', period: '2026-03', value: 50 }, // March 2025 was not reported: not compared
    ];
    const r = likeForLike(more, ['2026-03']).get('2026-03')!;
    expect(r).toEqual({ value: null, previous: null, reporters: 0, ytd: 2000, ytdPrevious: 2000 });
  });

  it('nothing comparable gives nulls, never a change from zero', () => {
    const r = likeForLike(cells, ['2025-09', '2026-10']);
    expect(r.get('2025-09')).toEqual({
      value: null,
      previous: null,
      reporters: 0,
      ytd: null,
      ytdPrevious: null,
    });
    expect(r.get('2026-10')!.ytd).toBeNull();
  });
});

describe('reportingOf', () => {
  it('says how many of the expected states reported a month', () => {
    expect(reportingOf(cells, '2026-11', STATES)).toEqual({ reported: 1, expected: 4, complete: false });
    expect(reportingOf(cells, '2025-09', STATES)).toEqual({ reported: 4, expected: 4, complete: true });
    expect(reportingOf(cells, '2026-10', STATES)).toEqual({ reported: 0, expected: 4, complete: false });
    // A state that reported without being expected counts among both.
    expect(reportingOf(cells, '2025-09', ['ITA'])).toEqual({ reported: 4, expected: 4, complete: true });
  });
});

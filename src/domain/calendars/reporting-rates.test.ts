import { describe, expect, it } from 'vitest';
import type { CalendarEntry } from './reporting-calendar';
import { receivedKey } from './reporting-calendar';
import { computeReportingRates, countCells, defaultRateRange, monthStatus } from './reporting-rates';

const entries: CalendarEntry[] = [
  { reporter: 'GRC', indicator: 'IBC', from: '2024-01', to: null, deadlineDay: 15 },
  { reporter: 'ITA', indicator: 'IBC', from: '2024-02', to: null, deadlineDay: 10 },
];

describe('reporting and on-time rates', () => {
  it('judges one month: on time up to the deadline day, late after, missing once due, pending before', () => {
    expect(monthStatus('2024-02-15', '2024-02-15', '2024-03-01')).toBe('on_time');
    expect(monthStatus('2024-02-15', '2024-02-16', '2024-03-01')).toBe('late');
    expect(monthStatus('2024-02-15', null, '2024-02-16')).toBe('missing');
    expect(monthStatus('2024-02-15', null, '2024-02-15')).toBe('pending');
  });

  it('counts expected months per state × indicator, state, month and overall', () => {
    const receipts = new Map([
      [receivedKey('GRC', 'IBC', '2024-01'), '2024-02-10'], // on time
      [receivedKey('GRC', 'IBC', '2024-02'), '2024-03-20'], // late
      [receivedKey('ITA', 'IBC', '2024-02'), '2024-03-10'], // on time, on the deadline day
      [receivedKey('ITA', 'IBC', '2024-04'), '2024-04-30'], // early: counts although not yet due
    ]);
    const r = computeReportingRates(entries, receipts, {
      from: '2024-01',
      to: '2024-04',
      asOf: '2024-04-30',
    });
    // GRC: Jan on time, Feb late, Mar missing (due 04-15), Apr pending (due 05-15).
    const grc = r.rows.find((x) => x.reporter === 'GRC')!;
    expect(grc).toMatchObject({ expected: 3, received: 2, onTime: 1, late: 1, missing: 1, pending: 1 });
    expect(grc.reportingRate).toBe(66.7);
    expect(grc.onTimeRate).toBe(33.3);
    // ITA: Jan not expected, Feb on time, Mar missing (due 04-10), Apr received early.
    const ita = r.rows.find((x) => x.reporter === 'ITA')!;
    expect(ita).toMatchObject({ expected: 3, received: 2, onTime: 2, missing: 1, pending: 0 });
    expect(r.cells.find((c) => c.reporter === 'ITA' && c.period === '2024-01')).toMatchObject({
      status: 'not_expected',
      deadline: null,
    });
    expect(r.byMonth.map((m) => [m.period, m.expected, m.received])).toEqual([
      ['2024-01', 1, 1],
      ['2024-02', 2, 2],
      ['2024-03', 2, 0],
      ['2024-04', 1, 1],
    ]);
    expect(r.total).toMatchObject({
      expected: 6,
      received: 4,
      onTime: 3,
      reportingRate: 66.7,
      onTimeRate: 50,
    });
    expect(r.byReporter.map((x) => x.reporter)).toEqual(['GRC', 'ITA']);
  });

  it('has no rate where nothing is expected (an open calendar, or only pending months)', () => {
    expect(
      computeReportingRates([], new Map(), { from: '2024-01', to: '2024-12', asOf: '2025-01-01' }).total,
    ).toMatchObject({ expected: 0, reportingRate: null, onTimeRate: null });
    const pending = computeReportingRates(entries, new Map(), {
      from: '2024-05',
      to: '2024-05',
      asOf: '2024-05-20',
    });
    expect(pending.total).toMatchObject({ expected: 0, pending: 2, reportingRate: null });
    expect(countCells([])).toMatchObject({ expected: 0, onTimeRate: null });
  });

  it('defaults to the twelve months before the month of asOf', () => {
    expect(defaultRateRange('2025-03-20')).toEqual({ from: '2024-03', to: '2025-02' });
  });

  it('does not expect months before a state joined or after it left', () => {
    const member: CalendarEntry[] = [
      {
        reporter: 'MLT',
        indicator: 'IBC',
        from: '2024-01',
        to: null,
        deadlineDay: 15,
        memberDuring: [{ joinedOn: '2024-03-01', leftOn: '2024-04-30' }],
      },
    ];
    const r = computeReportingRates(member, new Map(), {
      from: '2024-01',
      to: '2024-06',
      asOf: '2025-01-01',
    });
    expect(r.cells.map((c) => c.status)).toEqual([
      'not_expected',
      'not_expected',
      'missing',
      'missing',
      'not_expected',
      'not_expected',
    ]);
    expect(r.total.expected).toBe(2);
  });
});

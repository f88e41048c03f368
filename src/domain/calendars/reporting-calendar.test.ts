import { describe, expect, it } from 'vitest';
import {
  type CalendarEntry,
  checkCalendar,
  deadlineOf,
  isPeriodExpected,
  listOverdue,
  receivedKey,
} from './reporting-calendar';

const entries: CalendarEntry[] = [
  { reporter: 'GRC', indicator: 'IBC', from: '2024-01', to: null, deadlineDay: 15 },
  { reporter: 'ITA', indicator: 'IBC', from: '2024-03', to: '2024-04', deadlineDay: 5 },
];

describe('reporting calendar', () => {
  it('accepts any period when the dialogue has no calendar at all', () => {
    expect(isPeriodExpected([], 'GRC', 'IBC', '1999-01')).toBe(true);
    expect(listOverdue([], new Set(), '2025-01-01')).toEqual([]);
  });

  it('answers whether a period is expected, with the reason when not', () => {
    expect(isPeriodExpected(entries, 'GRC', 'IBC', '2024-01')).toBe(true);
    expect(isPeriodExpected(entries, 'GRC', 'IBC', '2030-12')).toBe(true);
    const before = checkCalendar(entries, 'GRC', 'IBC', '2023-12');
    expect(before).toMatchObject({
      isExpected: false,
      reason: expect.stringContaining('from 2024-01'),
      code: 'PERIOD_BEFORE_CALENDAR',
      params: { period: '2023-12', reporter: 'GRC', indicator: 'IBC', from: '2024-01' },
    });
    expect(checkCalendar(entries, 'ITA', 'IBC', '2024-05')).toMatchObject({
      isExpected: false,
      reason: expect.stringContaining('until 2024-04'),
      code: 'PERIOD_AFTER_CALENDAR',
    });
    expect(checkCalendar(entries, 'GRC', 'ASY', '2024-05')).toMatchObject({
      isExpected: false,
      reason: "GRC does not report ASY in this dialogue's reporting calendar",
      code: 'PERIOD_NOT_IN_CALENDAR',
    });
    expect(isPeriodExpected(entries, 'TUR', 'IBC', '2024-05')).toBe(false);
  });

  it('puts the deadline on the given day of the following month', () => {
    expect(deadlineOf({ deadlineDay: 15 }, '2024-12')).toBe('2025-01-15');
    expect(deadlineOf({ deadlineDay: 5 }, '2024-02')).toBe('2024-03-05');
  });

  it('lists what is overdue at a date: past the deadline and not received', () => {
    const received = new Set([receivedKey('GRC', 'IBC', '2024-01')]);
    const overdue = listOverdue(entries, received, '2024-04-16');
    expect(overdue.map((o) => `${o.reporter} ${o.period} ${o.deadline} ${o.daysLate}`)).toEqual([
      'GRC 2024-02 2024-03-15 32',
      // ITA 2024-03 was due 2024-04-05; GRC 2024-03 is due 2024-04-15, the day before: late by one day.
      'ITA 2024-03 2024-04-05 11',
      'GRC 2024-03 2024-04-15 1',
    ]);
    // On the deadline day itself nothing is late yet.
    expect(listOverdue(entries, received, '2024-04-15').map((o) => o.period)).toEqual(['2024-02', '2024-03']);
    // Entries ended before: only months up to `to`; `since` cuts earlier months.
    const later = listOverdue(entries, received, '2025-01-01', { since: '2024-11' });
    expect(later.map((o) => `${o.reporter} ${o.period}`)).toEqual(['GRC 2024-11']);
  });

  it('is not overdue for months the state was not a member in, though the calendar still accepts them', () => {
    const member: CalendarEntry[] = [
      {
        reporter: 'GRC',
        indicator: 'IBC',
        from: '2024-01',
        to: null,
        deadlineDay: 15,
        memberDuring: [{ joinedOn: '2024-03-20', leftOn: '2024-05-02' }],
      },
    ];
    const late = listOverdue(member, new Set(), '2025-01-01').map((i) => i.period);
    expect(late).toEqual(['2024-03', '2024-04', '2024-05']);
    expect(isPeriodExpected(member, 'GRC', 'IBC', '2024-01')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { isMemberIn, lastDayOf, membersInPeriod, wasMemberInPeriod } from './membership';

describe('wasMemberInPeriod', () => {
  const joinedMarch15 = [{ joinedOn: '2025-03-15', leftOn: null }];

  it('counts the month a state joined in, not the months before it', () => {
    expect(wasMemberInPeriod(joinedMarch15, '2025-02')).toBe(false);
    expect(wasMemberInPeriod(joinedMarch15, '2025-03')).toBe(true);
    expect(wasMemberInPeriod(joinedMarch15, '2030-01')).toBe(true);
  });

  it('joining on the last day of a month makes it a member in that month', () => {
    expect(wasMemberInPeriod([{ joinedOn: '2024-02-29', leftOn: null }], '2024-02')).toBe(true);
    expect(wasMemberInPeriod([{ joinedOn: '2024-03-01', leftOn: null }], '2024-02')).toBe(false);
  });

  it('counts the month a state left in, not the months after it', () => {
    const left = [{ joinedOn: '2020-01-01', leftOn: '2025-06-10' }];
    expect(wasMemberInPeriod(left, '2025-06')).toBe(true);
    expect(wasMemberInPeriod(left, '2025-07')).toBe(false);
    expect(wasMemberInPeriod([{ joinedOn: '2020-01-01', leftOn: '2025-06-01' }], '2025-06')).toBe(true);
    expect(wasMemberInPeriod([{ joinedOn: '2020-01-01', leftOn: '2025-05-31' }], '2025-06')).toBe(false);
  });

  it('a state that left and came back is a member in both periods and not in the gap', () => {
    const twice = [
      { joinedOn: '2020-01-01', leftOn: '2021-03-31' },
      { joinedOn: '2022-01-10', leftOn: null },
    ];
    expect(wasMemberInPeriod(twice, '2021-03')).toBe(true);
    expect(wasMemberInPeriod(twice, '2021-08')).toBe(false);
    expect(wasMemberInPeriod(twice, '2022-01')).toBe(true);
  });

  it('no period: never a member', () => {
    expect(wasMemberInPeriod([], '2025-01')).toBe(false);
  });
});

describe('isMemberIn and membersInPeriod', () => {
  const histories = new Map([
    ['GRC', [{ joinedOn: '2019-06-01', leftOn: null }]],
    ['ITA', [{ joinedOn: '2019-06-01', leftOn: '2024-12-31' }]],
    ['MLT', [{ joinedOn: '2025-02-01', leftOn: null }]],
  ]);

  it('without histories everyone counts; with them, an unknown reporter never does', () => {
    expect(isMemberIn(undefined, 'XXX', '2025-01')).toBe(true);
    expect(isMemberIn(histories, 'XXX', '2025-01')).toBe(false);
    expect(isMemberIn(histories, 'ITA', '2024-12')).toBe(true);
    expect(isMemberIn(histories, 'ITA', '2025-01')).toBe(false);
  });

  it('lists who was a member in a month', () => {
    expect(membersInPeriod(histories, '2024-12')).toEqual(['GRC', 'ITA']);
    expect(membersInPeriod(histories, '2025-01')).toEqual(['GRC']);
    expect(membersInPeriod(histories, '2025-02')).toEqual(['GRC', 'MLT']);
    expect(membersInPeriod(histories, '2019-05')).toEqual([]);
  });

  it('knows the last day of every month', () => {
    expect(lastDayOf('2024-02')).toBe('2024-02-29');
    expect(lastDayOf('2025-02')).toBe('2025-02-28');
    expect(lastDayOf('2025-12')).toBe('2025-12-31');
  });
});

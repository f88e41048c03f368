import { describe, expect, it } from 'vitest';
import { dueReminders, GRACE_DAYS, normaliseOffsets } from './reminders';
import type { CalendarEntry } from './reporting-calendar';
import { receivedKey } from './reporting-calendar';

const entries: CalendarEntry[] = [
  { reporter: 'GRC', indicator: 'IBC', from: '2024-01', to: null, deadlineDay: 15 },
  { reporter: 'ITA', indicator: 'IBC', from: '2024-01', to: null, deadlineDay: 15 },
  { reporter: 'ITA', indicator: 'ASY', from: '2024-06', to: null, deadlineDay: 15 },
];
const offsets = [-5, 0, 3];
const on = (day: string, received = new Set<string>()) => dueReminders(entries, received, day, offsets);

describe('due reminders', () => {
  it('reminds 5 days before, on the day and 3 days after the deadline, of what is not received', () => {
    // Period 2024-02 is due on 2024-03-15.
    expect(on('2024-03-09')).toEqual([]);
    const before = on('2024-03-10');
    expect(before.map((r) => [r.reporter, r.indicator, r.period, r.offset, r.daysFromDeadline])).toEqual([
      ['GRC', 'IBC', '2024-02', -5, -5],
      ['ITA', 'IBC', '2024-02', -5, -5],
    ]);
    expect(on('2024-03-15').map((r) => r.offset)).toEqual([0, 0]);
    expect(on('2024-03-18').map((r) => [r.offset, r.deadline])).toEqual([
      [3, '2024-03-15'],
      [3, '2024-03-15'],
    ]);
  });

  it('leaves out a state that has reported, and months the calendar does not expect', () => {
    const received = new Set([receivedKey('GRC', 'IBC', '2024-02')]);
    expect(on('2024-03-15', received).map((r) => r.reporter)).toEqual(['ITA']);
    // ITA reports ASY only from 2024-06: nothing for 2024-02.
    expect(on('2024-03-15').some((r) => r.indicator === 'ASY')).toBe(false);
  });

  it('sends only the latest offset whose day has come, and nothing once the grace period is over', () => {
    // A day after the deadline: the "on the day" reminder (a job that missed its day still sends it).
    expect(on('2024-03-16').map((r) => r.offset)).toEqual([0, 0]);
    expect(on(`2024-03-${18 + GRACE_DAYS - 1}`).map((r) => r.offset)).toEqual([3, 3]);
    expect(on(`2024-03-${18 + GRACE_DAYS}`)).toEqual([]);
  });

  it('checks the offsets a dialogue sets', () => {
    expect(normaliseOffsets([3, -5, 0, 3])).toEqual([-5, 0, 3]);
    expect(() => normaliseOffsets([-40])).toThrow(/outside/);
    expect(() => normaliseOffsets([1.5])).toThrow(/outside/);
    expect(dueReminders(entries, new Set(), '2024-03-15', [])).toEqual([]);
    expect(dueReminders([], new Set(), '2024-03-15', offsets)).toEqual([]);
  });

  it('does not chase a state for months after it left', () => {
    const left = entries.map((e) =>
      e.reporter === 'ITA' ? { ...e, memberDuring: [{ joinedOn: '2020-01-01', leftOn: '2024-01-31' }] } : e,
    );
    // 2024-02 is due on 2024-03-15: ITA left on 2024-01-31, only GRC is reminded.
    expect(dueReminders(left, new Set(), '2024-03-15', offsets).map((r) => r.reporter)).toEqual(['GRC']);
    // 2024-01 (due 2024-02-15) is still ITA's.
    expect(dueReminders(left, new Set(), '2024-02-15', offsets).map((r) => r.reporter)).toEqual([
      'GRC',
      'ITA',
    ]);
  });
});

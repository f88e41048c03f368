import { describe, expect, it } from 'vitest';
import { checkMeetingDates, isOverdue } from './meeting-rules';

describe('meeting rules', () => {
  it('refuses a meeting that ends before it starts, naming the field', () => {
    expect(checkMeetingDates({ startsOn: '2026-05-10', endsOn: '2026-05-09' })).toEqual([
      { field: 'body.endsOn', message: 'the meeting ends 2026-05-09, before it starts 2026-05-10' },
    ]);
    expect(checkMeetingDates({ startsOn: '2026-05-10', endsOn: '2026-05-10' })).toEqual([]);
  });

  it('refuses an action due before the meeting', () => {
    expect(
      checkMeetingDates({ startsOn: '2026-05-10', endsOn: '2026-05-11' }, ['2026-06-01', '2026-05-01']),
    ).toEqual([
      {
        field: 'body.actions[1].dueOn',
        message: 'the action is due 2026-05-01, before the meeting starts 2026-05-10',
      },
    ]);
  });

  it('tells an open action past its due day', () => {
    const now = new Date('2026-06-02T10:00:00Z');
    expect(isOverdue({ status: 'open', dueOn: '2026-06-01' }, now)).toBe(true);
    expect(isOverdue({ status: 'open', dueOn: '2026-06-02' }, now)).toBe(false);
    expect(isOverdue({ status: 'done', dueOn: '2026-06-01' }, now)).toBe(false);
  });
});
